package io.pathstats.query.api;

import java.util.List;

/**
 * The body of {@code GET} and {@code PUT /paths/migration-config}, and the shape of its audit rows.
 *
 * @param phase     the preset last applied, or null when fields were set one by one
 * @param updatedAt ISO-8601, null before the first change
 */
public record RolloutConfigBody(int newApiPercentage, List<String> forceNewApiIps, List<String> forceOldApiIps, boolean enableComparison,
                                int comparisonEveryN, String phase, String updatedAt, String updatedBy) {
}
