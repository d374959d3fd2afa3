package io.pathstats.common.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LatencyHistogramTest {
    @Test
    void bucketsFollowTheUpperBounds() {
        assertThat(LatencyHistogram.bucketOf(0)).isZero();
        assertThat(LatencyHistogram.bucketOf(1)).isEqualTo(1);
        assertThat(LatencyHistogram.bucketOf(99)).isEqualTo(6);
        assertThat(LatencyHistogram.bucketOf(100)).isEqualTo(7);
        assertThat(LatencyHistogram.bucketOf(1_000_000)).isEqualTo(LatencyHistogram.BUCKETS - 1);
    }

    @Test
    void quantileInterpolatesInsideTheBucketAndRespectsTheMax() {
        long[] counts = new long[LatencyHistogram.BUCKETS];
        counts[LatencyHistogram.bucketOf(10)] = 100; // all in [10, 20)
        assertThat(LatencyHistogram.quantile(counts, 0.5, null)).isCloseTo(15.0, within(0.001));
        assertThat(LatencyHistogram.quantile(counts, 0.95, 12)).isEqualTo(12.0);
        assertThat(LatencyHistogram.quantile(new long[LatencyHistogram.BUCKETS], 0.95, null)).isNull();
    }
}
