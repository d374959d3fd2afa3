package io.pathstats.pipeline.hourly;

import io.pathstats.common.latency.LatencySketch;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The columns of path_stats_hourly a contribution fills, and how it merges into an existing row.
 * The batch writer, the fold, re-aggregation and the naive per-event baseline share them, so all
 * keep identical aggregates.
 */
public final class AggregateUpsert {
    /** How a column of two contributions to one row merges. */
    public enum Merge {
        SUM("%1$s = t.%1$s + EXCLUDED.%1$s", "sum(%s)::bigint"),
        MAX("%1$s = greatest(t.%1$s, EXCLUDED.%1$s)", "max(%s)"),
        SKETCH("%1$s = latency_sketch_merge(t.%1$s, EXCLUDED.%1$s)", "latency_sketch_sum(%s)"),
        ANY("%1$s = t.%1$s OR EXCLUDED.%1$s", "bool_or(%s)");

        private final String onConflict;
        private final String aggregate;

        Merge(String onConflict, String aggregate) {
            this.onConflict = onConflict;
            this.aggregate = aggregate;
        }
    }

    public record Counter(String column, Merge merge) {
        /** The aggregate over a group of rows: sum(requests)::bigint, latency_sketch_sum(latency_sketch), ... */
        public String aggregate() {
            return merge.aggregate.formatted(column);
        }
    }

    /** The columns after the key (route, proxy_id, hour_bucket). */
    public static final List<Counter> COUNTERS = List.of(
            new Counter("requests", Merge.SUM), new Counter("errors", Merge.SUM), new Counter("client_errors", Merge.SUM),
            new Counter("latency_count", Merge.SUM), new Counter("latency_sum_us", Merge.SUM), new Counter("latency_max_us", Merge.MAX),
            new Counter("last_seen", Merge.MAX), new Counter("latency_sketch", Merge.SKETCH), new Counter("latency_coarse", Merge.ANY));
    public static final String COUNTER_COLUMNS = COUNTERS.stream().map(Counter::column).collect(Collectors.joining(", "));
    public static final String COLUMNS = "route, proxy_id, hour_bucket, " + COUNTER_COLUMNS;
    /** Appended to {@code INSERT INTO path_stats_hourly AS t (COLUMNS) ...}. */
    public static final String ON_CONFLICT = "ON CONFLICT (route, proxy_id, hour_bucket) DO UPDATE SET\n  "
            + COUNTERS.stream().map(c -> c.merge().onConflict.formatted(c.column())).collect(Collectors.joining(",\n  "))
            + ",\n  updated_at = now()\n";

    private AggregateUpsert() {
    }

    /**
     * The statement that adds the aggregates of {@code source}'s event rows (a relation with the
     * detail table's columns, optionally with a WHERE) to path_stats_hourly, in key order (no
     * deadlocks between writers). A row without a route (stored before routes) counts under its path.
     * The rows are grouped once by (row, latency bin), and those groups once by row: the sketch is the
     * sorted array of the bins' counts.
     */
    public static String fromRows(String source) {
        return """
                WITH binned AS (
                  SELECT coalesce(route, path) AS route, proxy_id, date_trunc('hour', occurred_at) AS hour_bucket, %s AS bin,
                         count(*) AS requests,
                         count(*) FILTER (WHERE status >= 500) AS errors,
                         count(*) FILTER (WHERE status >= 400 AND status < 500) AS client_errors,
                         count(latency_us) AS latency_count,
                         coalesce(sum(latency_us), 0) AS latency_sum_us,
                         max(latency_us) AS latency_max_us,
                         max(occurred_at) AS last_seen
                  FROM %s
                  GROUP BY 1, 2, 3, 4
                ), agg AS (
                  SELECT route, proxy_id, hour_bucket,
                         sum(requests)::bigint AS requests, sum(errors)::bigint AS errors, sum(client_errors)::bigint AS client_errors,
                         sum(latency_count)::bigint AS latency_count, sum(latency_sum_us)::bigint AS latency_sum_us,
                         max(latency_max_us) AS latency_max_us, max(last_seen) AS last_seen,
                         coalesce(array_agg((bin << %d) | latency_count ORDER BY bin) FILTER (WHERE bin IS NOT NULL), '{}') AS latency_sketch,
                         false AS latency_coarse
                  FROM binned GROUP BY route, proxy_id, hour_bucket
                )
                INSERT INTO path_stats_hourly AS t (%s)
                SELECT %s
                FROM agg
                ORDER BY route, proxy_id, hour_bucket
                %s"""
                .formatted(LatencySketch.binSql("latency_us"), source, LatencySketch.COUNT_BITS, COLUMNS, COLUMNS, ON_CONFLICT);
    }
}
