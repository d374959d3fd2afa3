package io.pathstats.pipeline.sink;

import io.pathstats.common.event.LatencyHistogram;
import io.pathstats.common.event.TrafficEvent;
import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import javax.sql.DataSource;

/**
 * Writes one batch of events in ONE transaction: binary COPY into a session-local staging table, then a
 * single statement inserts the detail rows with ON CONFLICT DO NOTHING and adds to the hourly
 * aggregates exactly the rows that insert RETURNED (DESIGN.md rule 3: the detail insert is the
 * dedup authority). Replaying a batch after a crash therefore changes nothing.
 */
public final class EventBatchWriter {
    private static final String STAGE_DDL = "CREATE TEMP TABLE IF NOT EXISTS stage_events ("
            + "occurred_at timestamptz, event_id text, path text, proxy_id text, method text, status smallint, latency_ms integer"
            + ") ON COMMIT DELETE ROWS";
    static final String MERGE = buildMergeSql();

    private final DataSource dataSource;

    public EventBatchWriter(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public BatchResult write(List<TrafficEvent> events) throws SQLException {
        return write(CopyRows.of(events));
    }

    public BatchResult write(CopyRows records) throws SQLException {
        if (records.isEmpty()) {
            return new BatchResult(0, 0);
        }
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                try (Statement st = c.createStatement()) {
                    st.execute(STAGE_DDL);
                }
                CopyStream.copy(c, "stage_events", records);
                long inserted;
                try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(MERGE)) {
                    rs.next();
                    inserted = rs.getLong(1);
                }
                c.commit();
                return new BatchResult(records.size(), inserted);
            } catch (SQLException | IOException | RuntimeException e) {
                rollbackQuietly(c);
                if (e instanceof SQLException sql) {
                    throw sql;
                }
                throw new SQLException("batch write failed: " + e.getMessage(), e);
            }
        }
    }

    private static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // the connection is broken; the pool discards it and the transaction is gone anyway
        }
    }

    private static String buildMergeSql() {
        String bounds = LatencyHistogram.UPPER_BOUNDS_MS.stream().map(String::valueOf).collect(Collectors.joining(","));
        String histCounts = IntStream.range(0, LatencyHistogram.BUCKETS)
                .mapToObj(i -> "count(*) FILTER (WHERE wb = " + i + ") AS " + LatencyHistogram.column(i))
                .collect(Collectors.joining(",\n       "));
        return """
                WITH ins AS (
                  INSERT INTO traffic_events (occurred_at, event_id, path, proxy_id, method, status, latency_ms)
                  SELECT occurred_at, event_id, path, proxy_id, method, status, latency_ms FROM stage_events
                  ON CONFLICT DO NOTHING
                  RETURNING path, proxy_id, occurred_at, status, latency_ms
                ), bucketed AS (
                  SELECT path, proxy_id, date_trunc('hour', occurred_at) AS hour_bucket, occurred_at, status, latency_ms,
                         width_bucket(latency_ms, ARRAY[%s]) AS wb
                  FROM ins
                ), agg AS (
                  SELECT path, proxy_id, hour_bucket,
                         count(*) AS requests,
                         count(*) FILTER (WHERE status >= 500) AS errors,
                         count(*) FILTER (WHERE status >= 400 AND status < 500) AS client_errors,
                         count(latency_ms) AS latency_count,
                         coalesce(sum(latency_ms), 0) AS latency_sum,
                         max(latency_ms) AS latency_max,
                         max(occurred_at) AS last_seen,
                         %s
                  FROM bucketed GROUP BY path, proxy_id, hour_bucket
                ), upserted AS (
                  INSERT INTO path_stats_hourly AS t (%s)
                  SELECT %s
                  FROM agg
                  ORDER BY path, proxy_id, hour_bucket
                  %s
                  RETURNING 1
                )
                SELECT coalesce(sum(requests), 0) FROM agg
                """.formatted(bounds, histCounts, AggregateUpsert.COLUMNS, AggregateUpsert.COLUMNS, AggregateUpsert.ON_CONFLICT);
    }
}
