package io.pathstats.common.ops;

import java.time.Duration;

/**
 * The histogram buckets of pathstats' request timers, 1 ms to 10 s: enough for a dashboard's
 * latency quantiles per route, a dozen series per timer instead of the seventy of a percentile
 * histogram.
 */
public final class LatencyBuckets {
    private static final Duration[] BUCKETS = {Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
            Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
            Duration.ofMillis(2_500), Duration.ofSeconds(5), Duration.ofSeconds(10)};

    private LatencyBuckets() {
    }

    public static Duration[] requests() {
        return BUCKETS.clone();
    }
}
