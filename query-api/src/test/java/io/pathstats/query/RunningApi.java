package io.pathstats.query;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.pathstats.common.config.HttpSettings;
import io.pathstats.common.ops.AdminAuth;
import io.pathstats.common.ops.HealthRegistry;
import io.pathstats.common.ops.HttpServer;
import java.time.Clock;
import java.util.List;
import javax.sql.DataSource;

/** A query API and its HTTP server on a free loopback port, as the ITs drive it. */
record RunningApi(QueryApiService service, HttpServer server) implements AutoCloseable {

    static RunningApi start(QueryApiConfig config, DataSource dataSource, String adminToken) {
        return start(config, dataSource, new HttpSettings("127.0.0.1", 0, adminToken));
    }

    static RunningApi start(QueryApiConfig config, DataSource dataSource, HttpSettings http) {
        String adminToken = http.adminToken();
        QueryApiService service = QueryApiService.start(config, dataSource, new SimpleMeterRegistry(), new AdminAuth(adminToken),
                Clock.systemUTC());
        HttpServer server = HttpServer.start(http, new HealthRegistry(),
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), List.of(service.routes()));
        return new RunningApi(service, server);
    }

    String base() {
        return "http://127.0.0.1:" + server.port();
    }

    @Override
    public void close() {
        server.close();
        service.close();
    }
}
