package io.pathstats.pipeline.writer;

import io.pathstats.common.event.LatencyHistogram;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The columns of path_stats_hourly a contribution fills, and how it merges into an existing row.
 * The batch writer and the naive per-event baseline share them, so both keep identical aggregates.
 */
public final class AggregateUpsert {
    public static final String COLUMNS = "route, proxy_id, hour_bucket, requests, errors, client_errors, "
            + "latency_count, latency_sum, latency_max, last_seen, " + LatencyHistogram.columns();
    /** Appended to {@code INSERT INTO path_stats_hourly AS t (COLUMNS) ...}. */
    public static final String ON_CONFLICT = """
            ON CONFLICT (route, proxy_id, hour_bucket) DO UPDATE SET
              requests = t.requests + EXCLUDED.requests,
              errors = t.errors + EXCLUDED.errors,
              client_errors = t.client_errors + EXCLUDED.client_errors,
              latency_count = t.latency_count + EXCLUDED.latency_count,
              latency_sum = t.latency_sum + EXCLUDED.latency_sum,
              latency_max = greatest(t.latency_max, EXCLUDED.latency_max),
              last_seen = greatest(t.last_seen, EXCLUDED.last_seen),
              updated_at = now(),
            """ + IntStream.range(0, LatencyHistogram.BUCKETS).mapToObj(LatencyHistogram::column)
            .map(c -> "  " + c + " = t." + c + " + EXCLUDED." + c).collect(Collectors.joining(",\n")) + "\n";

    private AggregateUpsert() {
    }
}
