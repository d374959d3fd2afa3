package io.pathstats.query.rollout.report;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.pathstats.common.ops.LatencyBuckets;
import io.pathstats.query.api.RolloutStatusResponse;
import io.pathstats.query.rollout.config.RolloutConfig;
import io.pathstats.query.rollout.routing.CanaryRouter;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** What GET /paths/migration-status reports, mirrored in metrics. */
public final class RolloutStatus {
    private final MeterRegistry registry;
    private final Map<CanaryRouter.Route, AtomicLong> hits = Map.of(CanaryRouter.Route.NEW, new AtomicLong(),
            CanaryRouter.Route.LEGACY, new AtomicLong());
    private final Map<CanaryRouter.Route, AtomicLong> errors = Map.of(CanaryRouter.Route.NEW, new AtomicLong(),
            CanaryRouter.Route.LEGACY, new AtomicLong());
    private final AtomicLong fallbacks = new AtomicLong();
    private final AtomicLong comparisons = new AtomicLong();
    private final AtomicLong comparisonsPassed = new AtomicLong();

    public RolloutStatus(MeterRegistry registry) {
        this.registry = registry;
        // every series present from the start (at 0), so dashboards and alerts see them before the first event
        for (CanaryRouter.Route route : CanaryRouter.Route.values()) {
            registry.counter("pathstats.api.route.decisions", "route", route.label());
            registry.counter("pathstats.api.route.errors", "route", route.label());
        }
        registry.counter("pathstats.api.route.fallbacks");
        registry.counter("pathstats.api.shadow.comparisons", "result", "match");
        registry.counter("pathstats.api.shadow.comparisons", "result", "mismatch");
    }

    public void hit(CanaryRouter.Route route) {
        hits.get(route).incrementAndGet();
        registry.counter("pathstats.api.route.decisions", "route", route.label()).increment();
    }

    public void error(CanaryRouter.Route route) {
        errors.get(route).incrementAndGet();
        registry.counter("pathstats.api.route.errors", "route", route.label()).increment();
    }

    public void fallback() {
        fallbacks.incrementAndGet();
        registry.counter("pathstats.api.route.fallbacks").increment();
    }

    public void compared(boolean passed) {
        comparisons.incrementAndGet();
        if (passed) {
            comparisonsPassed.incrementAndGet();
        }
        registry.counter("pathstats.api.shadow.comparisons", "result", passed ? "match" : "mismatch").increment();
    }

    public void answered(String route, String source, Duration took) {
        Timer.builder("pathstats.api.request").tag("route", route).tag("source", source)
                .serviceLevelObjectives(LatencyBuckets.requests())
                .register(registry).record(took);
    }

    public RolloutStatusResponse report(RolloutConfig config) {
        long total = comparisons.get();
        return new RolloutStatusResponse(config.body(), routeStats(CanaryRouter.Route.NEW), routeStats(CanaryRouter.Route.LEGACY),
                fallbacks.get(), new RolloutStatusResponse.Comparisons(total, comparisonsPassed.get(),
                total == 0 ? 1.0 : (double) comparisonsPassed.get() / total));
    }

    private RolloutStatusResponse.RouteStats routeStats(CanaryRouter.Route r) {
        Timer t = registry.find("pathstats.api.request").tag("route", r.label()).timer();
        return new RolloutStatusResponse.RouteStats(hits.get(r).get(), errors.get(r).get(), t == null ? null : t.mean(TimeUnit.MILLISECONDS));
    }
}
