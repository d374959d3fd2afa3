package io.pathstats.common.ops;

import io.javalin.Javalin;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.pathstats.common.config.HttpSettings;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one HTTP server of a process: the services' routes plus {@code /health} and
 * {@code /metrics}, one JSON error envelope for every error (Jetty's own included), capped request
 * bodies, URIs and headers, and a bounded thread pool.
 */
public final class HttpServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HttpServer.class);
    private static final long MAX_REQUEST_BYTES = 64 * 1024;
    /** Request line (URI) and headers together; beyond it Jetty answers 414 or 431. */
    private static final int MAX_HEADER_BYTES = 16 * 1024;
    /** Requests served at once; more wait in Jetty's queue. Idle threads go after 30 s. */
    static final int MAX_THREADS = 64;
    private static final int MIN_THREADS = 8;
    private static final int IDLE_THREAD_MS = 30_000;

    /** The OpenAPI description of every service's endpoints (docs/openapi.json, copied into the jar by the build). */
    private static final byte[] OPENAPI = openApi();

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
            config.http.prefer405over404 = true;
            QueuedThreadPool threads = new QueuedThreadPool(MAX_THREADS, MIN_THREADS, IDLE_THREAD_MS);
            threads.setName("http");
            config.jetty.threadPool = threads;
            config.jetty.modifyHttpConfiguration(http -> http.setRequestHeaderSize(MAX_HEADER_BYTES));
            config.requestLogger.http(new HttpRequestMetrics(metrics));
            if (!settings.corsOrigins().isEmpty()) {
                // pages on these origins may call the API (the admin token still required where it is); preflights cached 10 min
                config.bundledPlugins.enableCors(cors -> cors.addRule(rule -> {
                    rule.allowHost(settings.corsOrigins().get(0),
                            settings.corsOrigins().subList(1, settings.corsOrigins().size()).toArray(String[]::new));
                    rule.maxAge = 600;
                    rule.exposeHeader("ETag");
                    rule.exposeHeader("Retry-After");
                }));
            }
            config.jetty.modifyServer(server -> server.setErrorHandler(new JsonErrorPages()));
            config.jetty.modifyServletContextHandler(context -> context.setErrorHandler(new JsonErrorPages.InContext()));
            config.routes.get("/health", ctx -> {
                HealthRegistry.Report report = health.report();
                ctx.status(report.up() ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE)
                        .json(new HealthBody(report.up() ? "UP" : "DOWN", report.checks(), Instant.now().toString()));
            });
            config.routes.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                    .result(metrics.scrape()));
            config.routes.get("/openapi.json", ctx -> ctx.contentType("application/json").result(OPENAPI));
            config.routes.exception(ApiError.class, (e, ctx) -> ctx.status(e.status()).json(ErrorBody.of(e.code(), e.getMessage())));
            // Javalin's own answers (405, 413 for a body over the cap, a body that is not JSON ...)
            config.routes.exception(HttpResponseException.class, (e, ctx) -> ctx.status(e.getStatus())
                    .json(ErrorBody.of(ErrorBody.codeFor(e.getStatus()), e.getMessage())));
            config.routes.exception(Exception.class, (e, ctx) -> {
                log.error("unhandled error on {} {}", ctx.method(), ctx.path(), e);
                ctx.status(500).json(ErrorBody.of("internal_error", "internal error; the server log has the details"));
            });
            config.routes.error(404, "*", ctx -> {
                if (ctx.result() == null) {
                    ctx.json(ErrorBody.of("not_found", "no route " + ctx.method() + " " + QueryParams.printable(ctx.path())));
                }
            });
            services.forEach(s -> s.addTo(config.routes));
        });
        app.start();
        log.info("HTTP server listening on http://{}:{}", settings.host(), app.port());
        return new HttpServer(app);
    }

    private static byte[] openApi() {
        try (java.io.InputStream in = HttpServer.class.getResourceAsStream("openapi.json")) {
            if (in == null) {
                throw new IllegalStateException("openapi.json is missing from the jar");
            }
            return in.readAllBytes();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Every route this server answers, as "METHOD /path" (its template), for the OpenAPI drift check. */
    public java.util.List<String> routes() {
        return app.unsafe.internalRouter.allHttpHandlers().stream()
                .map(e -> e.endpoint.method.name() + " " + e.endpoint.path).sorted().toList();
    }

    /** The body of {@code GET /health}. */
    public record HealthBody(String status, Map<String, HealthCheck.Status> checks, String timestamp) {
    }

    public int port() {
        return app.port();
    }

    @Override
    public void close() {
        app.stop();
    }
}
