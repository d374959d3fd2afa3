package io.pathstats.app;

import io.pathstats.archiver.ArchiverConfig;
import io.pathstats.archiver.ArchiverService;
import io.pathstats.common.config.DbSettings;
import io.pathstats.common.config.HttpSettings;
import io.pathstats.common.ops.AdminAuth;
import io.pathstats.common.ops.HttpServer;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "archiver", description = "Run the archiver: Quartz jobs (clustered) and the /admin/jobs endpoints.")
final class ArchiverCommand implements Callable<Integer> {
    @Override
    public Integer call() throws Exception {
        ServiceRuntime rt = ServiceRuntime.fromSystemEnv();
        HttpSettings http = HttpSettings.fromEnv(rt.env, 8082);
        var ds = rt.database(DbSettings.fromEnv(rt.env), "archiver");
        ArchiverService archiver = rt.closeLater(ArchiverService.start(ArchiverConfig.fromEnv(rt.env), ds, rt.metrics, rt.health,
                new AdminAuth(http.adminToken()), Clock.systemUTC()));
        HttpServer server = rt.closeLater(HttpServer.start(http, rt.health, rt.metrics, List.of(archiver.routes())));
        Endpoints.log("archiver", http.host(), server.port(), null, Set.of());
        Endpoints.logAdmin(http, server.port());
        rt.awaitShutdown();
        return 0;
    }
}
