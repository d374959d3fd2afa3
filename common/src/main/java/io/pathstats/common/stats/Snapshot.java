package io.pathstats.common.stats;

import java.time.Instant;
import java.util.List;

/** One version of the precomputed top-paths list, sorted by requests desc. */
public record Snapshot(long version, Instant createdAt, Instant windowStart, Instant windowEnd, boolean truncated,
                       List<PathStat> entries) {
}
