package io.pathstats.common.stats;

import io.pathstats.common.latency.LatencySketch;
import java.time.Instant;

/**
 * Statistics of one (route, proxyId) over a time window: what snapshots hold and /paths returns.
 * Latencies are in milliseconds (to the microsecond), null when no event in the window carried one;
 * percentiles come from the merged sketch, within 1% ({@code latencyCoarse}: some of the window's
 * latencies were recorded in the fixed buckets before sketches, and its percentiles are only as
 * good as those were).
 */
public record PathStat(String route, String proxyId, long requestCount, long errorCount, long clientErrorCount,
                       Double avgLatencyMs, Latencies latencies, Instant lastAccessed) {
    /** Percentiles and maximum in milliseconds; {@link #NONE} without latencies. */
    public record Latencies(Double p50Ms, Double p90Ms, Double p95Ms, Double p99Ms, Double maxMs, boolean coarse) {
        public static final Latencies NONE = new Latencies(null, null, null, null, null, false);

        /** Of a merged sketch and the exact maximum (which caps every percentile). */
        public static Latencies of(LatencySketch sketch, Long maxUs, boolean coarse) {
            if (sketch == null || sketch.count() == 0) {
                return maxUs == null ? NONE : new Latencies(null, null, null, null, maxUs / 1000.0, coarse);
            }
            return new Latencies(sketch.quantileMs(0.50, maxUs), sketch.quantileMs(0.90, maxUs), sketch.quantileMs(0.95, maxUs),
                    sketch.quantileMs(0.99, maxUs), maxUs == null ? null : maxUs / 1000.0, coarse);
        }
    }

    public PathStat {
        latencies = latencies == null ? Latencies.NONE : latencies;
    }

    public double errorRate() {
        return requestCount == 0 ? 0 : (double) errorCount / requestCount;
    }
}
