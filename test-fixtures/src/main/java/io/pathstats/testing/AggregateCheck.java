package io.pathstats.testing;

/**
 * Rule 3 of docs/architecture.md as a query: every (route, proxy, hour) of path_stats_hourly
 * equals the sums of its detail rows, its latency sketch equal to the bins of their latencies, and
 * no detail row is missing from the aggregates.
 */
public final class AggregateCheck {
    private static final String AGGREGATES = "SELECT route, proxy_id, hour_bucket, requests, errors, latency_sum_us, latency_sketch "
            + "FROM path_stats_hourly";
    private static final String DETAILS = "SELECT route, proxy_id, hour, sum(n)::bigint, sum(errors)::bigint, sum(latency_sum_us)::bigint, "
            + "coalesce(array_agg((bin << 40) | latencies ORDER BY bin) FILTER (WHERE bin IS NOT NULL), '{}') FROM ("
            + "SELECT coalesce(route, path) AS route, proxy_id, date_trunc('hour', occurred_at) AS hour, latency_bin(latency_us) AS bin, "
            + "count(*) AS n, count(*) FILTER (WHERE status >= 500) AS errors, coalesce(sum(latency_us), 0) AS latency_sum_us, "
            + "count(latency_us) AS latencies FROM traffic_events GROUP BY 1, 2, 3, 4) binned GROUP BY 1, 2, 3";

    private AggregateCheck() {
    }

    /** The (route, proxy, hour) groups on which the aggregates and the detail rows differ: 0 when they agree. */
    public static long differences(TestDatabase db) {
        return db.queryLong("SELECT count(*) FROM ((" + AGGREGATES + " EXCEPT " + DETAILS + ") UNION ALL (" + DETAILS + " EXCEPT "
                + AGGREGATES + ")) differ");
    }
}
