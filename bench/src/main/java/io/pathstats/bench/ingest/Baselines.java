package io.pathstats.bench.ingest;

import io.pathstats.client.TrafficEvent;
import io.pathstats.migrations.PartitionMaintenance;
import io.pathstats.migrations.SchemaMigrator;
import io.pathstats.pipeline.row.EventRow;
import io.pathstats.pipeline.writer.CopyRows;
import io.pathstats.pipeline.writer.CopyStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import javax.sql.DataSource;

/** The reference points every ingest figure is compared with, measured on the same server in the same run. */
final class Baselines {
    private static final String NAIVE_SCHEMA = "bench_naive";

    private Baselines() {
    }

    /** Raw COPY of the events into a scratch table with the same columns and a primary key on the event id alone. */
    static double copyRowsPerSecond(DataSource ds, List<TrafficEvent> events) throws Exception {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            st.execute("DROP TABLE IF EXISTS bench_copy_baseline");
            // the detail table's columns (EventColumn), keyed by the random-UUID event id alone
            st.execute("CREATE TABLE bench_copy_baseline (" + EventRow.columnDefinitions() + ", PRIMARY KEY (event_id))");
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

    /**
     * Durable commits per second of one session, each a one-row update: what the disk's flush rate
     * allows a design that commits per event. The naive design commits twice per event.
     */
    static double commitsPerSecond(DataSource ds, int commits) throws SQLException {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            st.execute("DROP TABLE IF EXISTS bench_commit_baseline");
            st.execute("CREATE TABLE bench_commit_baseline (id integer PRIMARY KEY, n bigint NOT NULL)");
            st.execute("INSERT INTO bench_commit_baseline VALUES (1, 0)");
            try (PreparedStatement update = c.prepareStatement("UPDATE bench_commit_baseline SET n = n + 1 WHERE id = 1")) {
                long start = System.nanoTime();
                for (int i = 0; i < commits; i++) {
                    update.executeUpdate();
                }
                return commits / ((System.nanoTime() - start) / 1e9);
            } finally {
                st.execute("DROP TABLE bench_commit_baseline");
            }
        }
    }

    /**
     * The naive per-event design ({@link NaiveEventWriter}), autocommit, on a copy of the real schema
     * built in a scratch schema (day-partitioned detail table, the full aggregate row with its histogram).
     */
    static double naiveEventsPerSecond(DataSource ds, List<TrafficEvent> events) throws SQLException {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            st.execute("DROP SCHEMA IF EXISTS " + NAIVE_SCHEMA + " CASCADE");
            SchemaMigrator.migrate(ds, NAIVE_SCHEMA);
            st.execute("SET search_path TO " + NAIVE_SCHEMA);
            try {
                LocalDate first = day(events.stream().map(TrafficEvent::occurredAt).min(Instant::compareTo).orElseThrow());
                LocalDate last = day(events.stream().map(TrafficEvent::occurredAt).max(Instant::compareTo).orElseThrow());
                PartitionMaintenance.ensurePartitions(c, first, last);
                try (NaiveEventWriter writer = new NaiveEventWriter(c)) {
                    long start = System.nanoTime();
                    for (TrafficEvent e : events) {
                        writer.write(e);
                    }
                    return events.size() / ((System.nanoTime() - start) / 1e9);
                }
            } finally {
                st.execute("RESET search_path"); // the connection goes back to the pool
                st.execute("DROP SCHEMA " + NAIVE_SCHEMA + " CASCADE");
            }
        }
    }

    private static LocalDate day(Instant at) {
        return LocalDate.ofInstant(at, ZoneOffset.UTC);
    }
}
