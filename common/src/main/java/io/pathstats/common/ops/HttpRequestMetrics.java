package io.pathstats.common.ops;

import io.javalin.http.Context;
import io.javalin.http.RequestLogger;
import io.javalin.router.Endpoint;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * {@code pathstats_http_server_requests_seconds}: every request a process serves, by method, the
 * route it matched (its template, such as {@code /admin/jobs/{job}/run}, so ids do not become series;
 * {@code unmatched} for 404s and framing errors) and status. Histogram buckets from 1 ms to 10 s let
 * a dashboard draw latency quantiles per route.
 */
final class HttpRequestMetrics implements RequestLogger {
    static final String UNMATCHED = "unmatched";
    private static final Duration[] BUCKETS = {Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
            Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
            Duration.ofMillis(2_500), Duration.ofSeconds(5), Duration.ofSeconds(10)};

    private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");

    private final MeterRegistry registry;

    HttpRequestMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void handle(Context ctx, Float ms) {
        Timer.builder("pathstats.http.server.requests")
                .description("HTTP requests served, by method, matched route and status")
                .tag("method", methodOf(ctx)).tag("route", routeOf(ctx)).tag("status", Integer.toString(ctx.statusCode()))
                .serviceLevelObjectives(BUCKETS)
                .register(registry)
                .record((long) (ms * 1_000_000), TimeUnit.NANOSECONDS);
    }

    /** Standard methods by name; anything else a client makes up is one label, not a new series each. */
    private static String methodOf(Context ctx) {
        String m = ctx.method().name();
        return METHODS.contains(m) ? m : "other";
    }

    private static String routeOf(Context ctx) {
        try {
            Endpoint e = ctx.endpoints().matchedHttpEndpoint();
            return e == null ? UNMATCHED : e.path;
        } catch (RuntimeException e) {
            return UNMATCHED;
        }
    }
}
