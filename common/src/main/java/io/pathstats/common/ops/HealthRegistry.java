package io.pathstats.common.ops;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The dependencies of one process; /health reports each and answers 503 while any is down. Once
 * bound to a meter registry, each check is also the gauge {@code pathstats_dependency_up} (1 up,
 * 0 down), evaluated at every scrape, so an alert needs no extra prober.
 */
public final class HealthRegistry {
    private final List<HealthCheck> checks = new CopyOnWriteArrayList<>();
    private volatile MeterRegistry meters;

    public synchronized void register(HealthCheck check) {
        checks.add(check);
        if (meters != null) {
            gauge(check, meters);
        }
    }

    /** Publishes every check, registered before or after, as a gauge in {@code registry}. */
    public synchronized void bindTo(MeterRegistry registry) {
        meters = registry;
        checks.forEach(c -> gauge(c, registry));
    }

    private static void gauge(HealthCheck check, MeterRegistry registry) {
        Gauge.builder("pathstats.dependency.up", check, c -> statusOf(c).up() ? 1 : 0)
                .description("1 while the dependency's health check passes, 0 while it fails (the reason is on /health)")
                .tag("dependency", check.name()).register(registry);
    }

    private static HealthCheck.Status statusOf(HealthCheck check) {
        try {
            return check.check();
        } catch (RuntimeException e) {
            return HealthCheck.Status.down(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    public Report report() {
        Map<String, HealthCheck.Status> results = new LinkedHashMap<>();
        boolean allUp = true;
        for (HealthCheck check : checks) {
            HealthCheck.Status status = statusOf(check);
            results.put(check.name(), status);
            allUp &= status.up();
        }
        return new Report(allUp, results);
    }

    public record Report(boolean up, Map<String, HealthCheck.Status> checks) {
    }
}
