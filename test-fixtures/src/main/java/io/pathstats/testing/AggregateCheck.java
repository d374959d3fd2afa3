package io.pathstats.testing;


/**
 * Rule 3 of docs/architecture.md as a query: every (route, proxy, hour) of path_stats_hourly
 * equals the sums of its detail rows, and no detail row is missing from the aggregates.
 */
public final class AggregateCheck {
    private static final String AGGREGATES = "SELECT route, proxy_id, hour_bucket, sum(requests), sum(errors) FROM path_stats_hourly "
            + "GROUP BY 1, 2, 3";
    private static final String DETAILS = "SELECT coalesce(route, path), proxy_id, date_trunc('hour', occurred_at), count(*), "
            + "count(*) FILTER (WHERE status >= 500) FROM traffic_events GROUP BY 1, 2, 3";

    private AggregateCheck() {
    }

    /** The (route, proxy, hour) groups on which the aggregates and the detail rows differ: 0 when they agree. */
    public static long differences(TestDatabase db) {
        return db.queryLong("SELECT count(*) FROM ((" + AGGREGATES + " EXCEPT " + DETAILS + ") UNION ALL (" + DETAILS + " EXCEPT "
                + AGGREGATES + ")) differ");
    }
}
