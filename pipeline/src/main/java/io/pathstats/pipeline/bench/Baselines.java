package io.pathstats.pipeline.bench;

import io.pathstats.common.event.TrafficEvent;
import io.pathstats.pipeline.sink.CopyRows;
import io.pathstats.pipeline.sink.CopyStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.List;
import javax.sql.DataSource;

/** The two reference points every ingest figure is compared with, measured on the same server in the same run. */
final class Baselines {
    private Baselines() {
    }

    /** Raw COPY of the events into a scratch table with the same columns and a primary key on the event id alone. */
    static double copyRowsPerSecond(DataSource ds, List<TrafficEvent> events) throws Exception {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            st.execute("DROP TABLE IF EXISTS bench_copy_baseline");
            st.execute("CREATE TABLE bench_copy_baseline (occurred_at timestamptz NOT NULL, event_id text PRIMARY KEY, "
                    + "path text NOT NULL, proxy_id text NOT NULL, method text NOT NULL, status smallint NOT NULL, latency_ms integer)");
            CopyRows rows = CopyRows.of(events);
            c.setAutoCommit(false);
            long start = System.nanoTime();
            CopyStream.copy(c, "bench_copy_baseline", rows);
            c.commit();
            double seconds = (System.nanoTime() - start) / 1e9;
            c.setAutoCommit(true);
            st.execute("DROP TABLE bench_copy_baseline");
            return events.size() / seconds;
        }
    }

    /** The reference design: per event, an idempotent insert and, if new, an aggregate upsert; autocommit. */
    static double naiveEventsPerSecond(DataSource ds, List<TrafficEvent> events) throws SQLException {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            st.execute("DROP TABLE IF EXISTS bench_naive_events, bench_naive_stats");
            st.execute("CREATE TABLE bench_naive_events (occurred_at timestamptz NOT NULL, event_id text NOT NULL, path text NOT NULL, "
                    + "proxy_id text NOT NULL, method text NOT NULL, status smallint NOT NULL, latency_ms integer, "
                    + "PRIMARY KEY (occurred_at, event_id))");
            st.execute("CREATE TABLE bench_naive_stats (path text, proxy_id text, hour_bucket timestamptz, requests bigint NOT NULL, "
                    + "errors bigint NOT NULL, latency_sum bigint NOT NULL, PRIMARY KEY (path, proxy_id, hour_bucket))");
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO bench_naive_events VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING");
                 PreparedStatement upsert = c.prepareStatement("INSERT INTO bench_naive_stats VALUES (?, ?, date_trunc('hour', ?::timestamptz), 1, ?, ?) "
                         + "ON CONFLICT (path, proxy_id, hour_bucket) DO UPDATE SET requests = bench_naive_stats.requests + 1, "
                         + "errors = bench_naive_stats.errors + EXCLUDED.errors, latency_sum = bench_naive_stats.latency_sum + EXCLUDED.latency_sum")) {
                long start = System.nanoTime();
                for (TrafficEvent e : events) {
                    Timestamp at = Timestamp.from(e.occurredAt());
                    insert.setTimestamp(1, at);
                    insert.setString(2, e.eventId());
                    insert.setString(3, e.path());
                    insert.setString(4, e.proxyId());
                    insert.setString(5, e.method());
                    insert.setShort(6, (short) e.status());
                    insert.setObject(7, e.latencyMs());
                    if (insert.executeUpdate() == 1) {
                        upsert.setString(1, e.path());
                        upsert.setString(2, e.proxyId());
                        upsert.setTimestamp(3, at);
                        upsert.setInt(4, e.isServerError() ? 1 : 0);
                        upsert.setInt(5, e.latencyMs() == null ? 0 : e.latencyMs());
                        upsert.executeUpdate();
                    }
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                st.execute("DROP TABLE bench_naive_events, bench_naive_stats");
                return events.size() / seconds;
            }
        }
    }
}
