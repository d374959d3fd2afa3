package io.pathstats.common.ops;

import io.javalin.Javalin;
import io.javalin.http.HttpStatus;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.pathstats.common.config.HttpSettings;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one HTTP server of a process: the services' routes plus {@code /health} and
 * {@code /metrics}, uniform JSON errors and capped request bodies.
 */
public final class HttpServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HttpServer.class);
    private static final long MAX_REQUEST_BYTES = 64 * 1024;

    private final Javalin app;

    private HttpServer(Javalin app) {
        this.app = app;
    }

    public static HttpServer start(HttpSettings settings, HealthRegistry health, PrometheusMeterRegistry metrics,
                                   List<ServiceRoutes> services) {
        Javalin app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.jetty.host = settings.host();
            config.jetty.port = settings.port();
            config.http.maxRequestSize = MAX_REQUEST_BYTES;
            config.routes.get("/health", ctx -> {
                HealthRegistry.Report report = health.report();
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("status", report.up() ? "UP" : "DOWN");
                body.put("checks", report.checks());
                body.put("timestamp", Instant.now().toString());
                ctx.status(report.up() ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE).json(body);
            });
            config.routes.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                    .result(metrics.scrape()));
            config.routes.exception(ApiError.class, (e, ctx) -> ctx.status(e.status()).json(errorBody(e.code(), e.getMessage())));
            config.routes.exception(Exception.class, (e, ctx) -> {
                log.error("unhandled error on {} {}", ctx.method(), ctx.path(), e);
                ctx.status(500).json(errorBody("internal_error", "internal error; the server log has the details"));
            });
            config.routes.error(404, "*", ctx -> {
                if (ctx.result() == null) {
                    ctx.json(errorBody("not_found", "no route " + ctx.method() + " " + ctx.path()));
                }
            });
            services.forEach(s -> s.addTo(config.routes));
        });
        app.start();
        log.info("HTTP server listening on http://{}:{}", settings.host(), app.port());
        return new HttpServer(app);
    }

    private static Map<String, Object> errorBody(String code, String message) {
        return Map.of("success", false, "error", Map.of("code", code, "message", message),
                "timestamp", Instant.now().toString());
    }

    public int port() {
        return app.port();
    }

    @Override
    public void close() {
        app.stop();
    }
}
