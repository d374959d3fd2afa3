package io.pathstats.pipeline.hourly;

import io.pathstats.common.event.LatencyHistogram;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * The columns of path_stats_hourly a contribution fills, and how it merges into an existing row.
 * The batch writer and the naive per-event baseline share them, so both keep identical aggregates.
 */
public final class AggregateUpsert {
    /** The columns after the key (route, proxy_id, hour_bucket): each merges by sum, latency_max and last_seen by max. */
    public static final List<String> COUNTERS = Stream.concat(
            Stream.of("requests", "errors", "client_errors", "latency_count", "latency_sum", "latency_max", "last_seen"),
            IntStream.range(0, LatencyHistogram.BUCKETS).mapToObj(LatencyHistogram::column)).toList();
    public static final String COLUMNS = "route, proxy_id, hour_bucket, " + String.join(", ", COUNTERS);
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

    /**
     * The statement that adds the aggregates of {@code source}'s event rows (a relation with the
     * detail table's columns, optionally with a WHERE) to path_stats_hourly, in key order (no
     * deadlocks between writers). A row without a route (stored before routes) counts under its path.
     */
    public static String fromRows(String source) {
        String bounds = LatencyHistogram.UPPER_BOUNDS_MS.stream().map(String::valueOf).collect(Collectors.joining(","));
        String histCounts = IntStream.range(0, LatencyHistogram.BUCKETS)
                .mapToObj(i -> "count(*) FILTER (WHERE wb = " + i + ") AS " + LatencyHistogram.column(i))
                .collect(Collectors.joining(",\n       "));
        return """
                WITH bucketed AS (
                  SELECT coalesce(route, path) AS route, proxy_id, date_trunc('hour', occurred_at) AS hour_bucket, occurred_at, status,
                         latency_ms, width_bucket(latency_ms, ARRAY[%s]) AS wb
                  FROM %s
                ), agg AS (
                  SELECT route, proxy_id, hour_bucket,
                         count(*) AS requests,
                         count(*) FILTER (WHERE status >= 500) AS errors,
                         count(*) FILTER (WHERE status >= 400 AND status < 500) AS client_errors,
                         count(latency_ms) AS latency_count,
                         coalesce(sum(latency_ms), 0) AS latency_sum,
                         max(latency_ms) AS latency_max,
                         max(occurred_at) AS last_seen,
                         %s
                  FROM bucketed GROUP BY route, proxy_id, hour_bucket
                )
                INSERT INTO path_stats_hourly AS t (%s)
                SELECT %s
                FROM agg
                ORDER BY route, proxy_id, hour_bucket
                %s"""
                .formatted(bounds, source, histCounts, COLUMNS, COLUMNS, ON_CONFLICT);
    }
}
