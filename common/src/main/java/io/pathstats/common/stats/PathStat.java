package io.pathstats.common.stats;

import java.time.Instant;

/**
 * Statistics of one (route, proxyId) over a time window: what snapshots hold and /paths returns.
 * Latencies are null when no event in the window carried one.
 */
public record PathStat(String route, String proxyId, long requestCount, long errorCount, long clientErrorCount,
                       Double avgLatencyMs, Double p95LatencyMs, Double p99LatencyMs, Integer maxLatencyMs,
                       Instant lastAccessed) {
    public double errorRate() {
        return requestCount == 0 ? 0 : (double) errorCount / requestCount;
    }
}
