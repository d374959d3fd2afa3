package io.pathstats.common.event;

import java.util.List;

/**
 * Fixed latency buckets shared by the SQL that fills them and the code that reads percentiles.
 * Bucket i holds latencies in [UPPER[i-1], UPPER[i]); the last bucket is open-ended. Fixed buckets
 * make hourly histograms mergeable by element-wise addition over any time range.
 */
public final class LatencyHistogram {
    /** Exclusive upper bounds in ms of all buckets but the last. */
    public static final List<Integer> UPPER_BOUNDS_MS =
            List.of(1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 30000);
    public static final int BUCKETS = UPPER_BOUNDS_MS.size() + 1;

    private LatencyHistogram() {
    }

    /** The path_stats_hourly column holding bucket i. */
    public static String column(int bucket) {
        return String.format("lat_b%02d", bucket);
    }

    /** Every bucket's column, comma-separated: lat_b00, lat_b01, ... */
    public static String columns() {
        return String.join(", ", java.util.stream.IntStream.range(0, BUCKETS).mapToObj(LatencyHistogram::column).toList());
    }

    /** The buckets summed over the rows of a group: sum(lat_b00), sum(lat_b01), ... */
    public static String sums() {
        return String.join(", ", java.util.stream.IntStream.range(0, BUCKETS).mapToObj(i -> "sum(" + column(i) + ")").toList());
    }

    public static int bucketOf(int latencyMs) {
        for (int i = 0; i < UPPER_BOUNDS_MS.size(); i++) {
            if (latencyMs < UPPER_BOUNDS_MS.get(i)) {
                return i;
            }
        }
        return BUCKETS - 1;
    }

    /**
     * The q-quantile (0..1) estimated by linear interpolation inside its bucket; the open last bucket
     * reports its lower bound, and {@code maxMs} caps the estimate. Null when there is no sample.
     */
    public static Double quantile(long[] counts, double q, Integer maxMs) {
        long total = 0;
        for (long c : counts) {
            total += c;
        }
        if (total == 0) {
            return null;
        }
        double rank = q * total;
        long seen = 0;
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] == 0) {
                continue;
            }
            if (seen + counts[i] >= rank) {
                double lower = i == 0 ? 0 : UPPER_BOUNDS_MS.get(i - 1);
                double estimate;
                if (i >= UPPER_BOUNDS_MS.size()) {
                    estimate = lower;
                } else {
                    double upper = UPPER_BOUNDS_MS.get(i);
                    estimate = lower + (upper - lower) * ((rank - seen) / counts[i]);
                }
                return maxMs == null ? estimate : Math.min(estimate, maxMs);
            }
            seen += counts[i];
        }
        return maxMs == null ? null : maxMs.doubleValue();
    }
}
