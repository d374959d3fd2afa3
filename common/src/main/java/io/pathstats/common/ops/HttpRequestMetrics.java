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
 * {@code unmatched} for 404s and framing errors) and status, in {@link LatencyBuckets}.
 */
final class HttpRequestMetrics implements RequestLogger {
    static final String UNMATCHED = "unmatched";

    private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");

    private final MeterRegistry registry;
    private final Duration[] buckets = LatencyBuckets.requests();

    HttpRequestMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void handle(Context ctx, Float ms) {
        Timer.builder("pathstats.http.server.requests")
                .description("HTTP requests served, by method, matched route and status")
                .tag("method", methodOf(ctx)).tag("route", routeOf(ctx)).tag("status", Integer.toString(ctx.statusCode()))
                .serviceLevelObjectives(buckets)
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
