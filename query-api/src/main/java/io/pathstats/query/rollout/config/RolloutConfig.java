package io.pathstats.query.rollout.config;

import io.pathstats.query.api.RolloutConfigBody;
import java.time.Instant;
import java.util.List;

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
    public RolloutConfigBody body() {
        return new RolloutConfigBody(newApiPercentage, forceNewApiIps, forceOldApiIps, enableComparison, comparisonEveryN,
                phase == null ? null : phase.name(), updatedAt == null ? null : updatedAt.toString(), updatedBy);
    }
}
