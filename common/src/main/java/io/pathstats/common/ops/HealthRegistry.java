package io.pathstats.common.ops;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** The dependencies of one process; /health reports each and answers 503 while any is down. */
public final class HealthRegistry {
    private final List<HealthCheck> checks = new CopyOnWriteArrayList<>();

    public void register(HealthCheck check) {
        checks.add(check);
    }

    public Report report() {
        Map<String, HealthCheck.Status> results = new LinkedHashMap<>();
        boolean allUp = true;
        for (HealthCheck check : checks) {
            HealthCheck.Status status;
            try {
                status = check.check();
            } catch (RuntimeException e) {
                status = HealthCheck.Status.down(e.getClass().getSimpleName() + ": " + e.getMessage());
            }
            results.put(check.name(), status);
            allUp &= status.up();
        }
        return new Report(allUp, results);
    }

    public record Report(boolean up, Map<String, HealthCheck.Status> checks) {
    }
}
