package io.pathstats.query.rollout.config;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Canary routing between the legacy and the new read path. Precedence: force-old beats force-new
 * beats the percentage of client-IP buckets.
 *
 * @param phase the preset last applied, or null when the fields were set individually
 */
public record RolloutConfig(int newApiPercentage, List<String> forceNewApiIps, List<String> forceOldApiIps,
                              boolean enableComparison, int comparisonEveryN, Phase phase, Instant updatedAt, String updatedBy) {
    public RolloutConfig {
        forceNewApiIps = List.copyOf(forceNewApiIps);
        forceOldApiIps = List.copyOf(forceOldApiIps);
    }

    /** The JSON shape of GET /paths/migration-config and of the audit rows. */
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("newApiPercentage", newApiPercentage);
        m.put("forceNewApiIps", forceNewApiIps);
        m.put("forceOldApiIps", forceOldApiIps);
        m.put("enableComparison", enableComparison);
        m.put("comparisonEveryN", comparisonEveryN);
        m.put("phase", phase == null ? null : phase.name());
        m.put("updatedAt", updatedAt == null ? null : updatedAt.toString());
        m.put("updatedBy", updatedBy);
        return m;
    }
}
