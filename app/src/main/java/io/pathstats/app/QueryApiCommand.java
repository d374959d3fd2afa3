package io.pathstats.app;

import io.pathstats.common.config.DbSettings;
import io.pathstats.common.config.HttpSettings;
import io.pathstats.common.ops.AdminAuth;
import io.pathstats.common.ops.HttpServer;
import io.pathstats.query.QueryApiConfig;
import io.pathstats.query.QueryApiService;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "query-api", description = "Run the HTTP query API (GET /paths).")
final class QueryApiCommand implements Callable<Integer> {
    @Override
    public Integer call() throws Exception {
        ServiceRuntime rt = ServiceRuntime.fromSystemEnv();
        HttpSettings http = HttpSettings.fromEnv(rt.env, 8080);
        var ds = rt.database(DbSettings.fromEnv(rt.env), "query-api");
        QueryApiService api = rt.closeLater(QueryApiService.start(QueryApiConfig.fromEnv(rt.env), ds, rt.metrics,
                new AdminAuth(http.adminToken()), Clock.systemUTC()));
        HttpServer server = rt.closeLater(HttpServer.start(http, rt.health, rt.metrics, List.of(api.routes())));
        Endpoints.log("query-api", http.host(), server.port(), null, Set.of(Endpoints.Role.QUERY_API));
        rt.awaitShutdown();
        return 0;
    }
}
