package io.pathstats.pipeline.writer;

import io.pathstats.client.TrafficEvent;
import io.pathstats.common.route.GuardRoutes;
import io.pathstats.pipeline.guard.Collapses;
import io.pathstats.pipeline.guard.RouteFold;
import io.pathstats.pipeline.guard.RouteGuard;
import io.pathstats.pipeline.hourly.AggregateUpsert;
import io.pathstats.pipeline.hourly.DailyRollup;
import io.pathstats.pipeline.hourly.HourLocks;
import io.pathstats.pipeline.row.EventRow;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one batch of events in ONE transaction: binary COPY into a session-local staging table;
 * the staged events the detail table already holds are dropped (one primary-key probe each); the
 * rest go into the detail table with a plain INSERT; and the hourly aggregates grow by exactly the
 * staged rows, which are now exactly the rows that INSERT stored. The detail table's primary key
 * stays the dedup authority (docs/architecture.md, rule 3): if another transaction stores one of the staged
 * events between the probe and the INSERT (two writers on the same partition for a moment during a
 * rebalance), the INSERT fails on the key, nothing of the batch remains, and the batch is written
 * again, now without that event. Replaying a batch after a crash therefore changes nothing.
 *
 * <p>Why not {@code INSERT .. ON CONFLICT DO NOTHING RETURNING}, which needs no retry: PostgreSQL
 * inserts each row speculatively under ON CONFLICT (an extra WAL record and a second index pass per
 * row), which made the batch ~20% more expensive with two writers (the measurement is in
 * BENCHMARKS.md). Repeats within the batch never reach the database ({@link CopyRows} keeps one).
 */
public final class BatchStore {
    private static final Logger log = LoggerFactory.getLogger(BatchStore.class);
    /** Each attempt sees every event stored before it, so a second conflict needs yet another rebalance. */
    private static final int MAX_ATTEMPTS = 5;
    /**
     * The staging table, and a plan of one primary-key probe per staged row for the dedup statement.
     * Left to itself the planner hashes whole day partitions for a 50,000-row batch, and picks a
     * sequential scan for a partition whose statistics were taken while it was nearly empty. The
     * later statements read the staging table whole, for which there is no other plan anyway. The
     * aggregation groups the batch twice (by row and latency bin, then by row): with 4 MB of
     * work_mem its sorts spilled to temp files (118 bytes per event in the ingest benchmark).
     */
    private static final String PREPARE = "CREATE TEMP TABLE IF NOT EXISTS stage_events (" + EventRow.columnDefinitions()
            + ") ON COMMIT DELETE ROWS; " + RouteGuard.PREPARE + ";"
            + " SET LOCAL enable_seqscan = off; SET LOCAL enable_hashjoin = off; SET LOCAL enable_mergejoin = off;"
            + " SET LOCAL work_mem = '64MB'";
    private static final String DROP_STORED = "DELETE FROM stage_events s WHERE EXISTS ("
            + "SELECT 1 FROM traffic_events t WHERE t.occurred_at = s.occurred_at AND t.event_id = s.event_id)";
    private static final String INSERT_NEW = "INSERT INTO traffic_events (" + EventRow.columnList() + ") "
            + "SELECT " + EventRow.columnList() + " FROM stage_events";
    private static final String AGGREGATE = AggregateUpsert.fromRows("stage_events");

    private final DataSource dataSource;
    private final RouteGuard guard;
    private final RouteFold fold;
    /**
     * Decisions to fold after the next batch: at start, whatever a writer decided but did not fold
     * before it stopped; later, a decision whose fold failed (the database went away).
     */
    private volatile boolean foldPending = true;

    /** With the guard's default limits. */
    public BatchStore(DataSource dataSource) {
        this(dataSource, RouteGuard.Limits.DEFAULTS);
    }

    public BatchStore(DataSource dataSource, RouteGuard.Limits limits) {
        this.dataSource = dataSource;
        this.guard = new RouteGuard(limits);
        this.fold = new RouteFold(dataSource);
    }

    public BatchResult write(List<TrafficEvent> events) throws SQLException {
        return write(CopyRows.of(events));
    }

    /**
     * Stores the batch. If PostgreSQL refuses it for its data (see {@link DatabaseErrors}), the batch
     * is written in halves, and those in halves again, until the refused events are single rows:
     * they come back as {@link BatchResult#rejected()}, everything else is stored. A batch with one
     * bad row among 50,000 takes about 32 more transactions. Throws only when the database is
     * unavailable; the caller holds the batch and retries.
     */
    public BatchResult write(CopyRows records) throws SQLException {
        if (records.isEmpty()) {
            return new BatchResult(0, BatchResult.Stored.NOTHING);
        }
        try {
            return folded(new BatchResult(records.events(), writeOnce(records)));
        } catch (SQLException e) {
            if (!DatabaseErrors.isDataError(e)) {
                throw e;
            }
            log.warn("PostgreSQL refused a batch of {} events for its data ({}); writing it in parts to find the events it refuses",
                    records.size(), e.getMessage());
            List<RejectedRow> rejected = new ArrayList<>();
            BatchResult.Stored stored = writeFindingRejects(records, 0, records.size(), e, rejected);
            return folded(new BatchResult(records.events(), stored, List.copyOf(rejected)));
        }
    }

    /** Rows [from, to) of {@code all}, which failed together with {@code failure}. */
    private BatchResult.Stored writeFindingRejects(CopyRows all, int from, int to, SQLException failure, List<RejectedRow> rejected)
            throws SQLException {
        if (to - from == 1) {
            rejected.add(new RejectedRow(all.record(from), all.partition(from), all.offset(from), failure.getMessage()));
            return BatchResult.Stored.NOTHING;
        }
        int middle = (from + to) >>> 1;
        return writePart(all, from, middle, rejected).plus(writePart(all, middle, to, rejected));
    }

    /**
     * The guard's new decisions (or one whose fold failed before) are folded once the batch is
     * committed, outside its transaction: a fold waits for every batch in flight, this one included.
     */
    private BatchResult folded(BatchResult result) {
        if (result.collapsed() > 0 || foldPending) {
            try {
                fold.foldPending();
                foldPending = false;
            } catch (SQLException e) {
                foldPending = true;
                log.warn("route guard: folding a decision failed ({}); it is folded again after the next batch", e.getMessage());
            }
        }
        return result;
    }

    private BatchResult.Stored writePart(CopyRows all, int from, int to, List<RejectedRow> rejected) throws SQLException {
        try {
            return writeOnce(all.slice(from, to));
        } catch (SQLException e) {
            if (!DatabaseErrors.isDataError(e)) {
                throw e;
            }
            return writeFindingRejects(all, from, to, e, rejected);
        }
    }

    /** One transaction, repeated while another writer stores some of the same events first. */
    private BatchResult.Stored writeOnce(CopyRows records) throws SQLException {
        for (int attempt = 1; ; attempt++) {
            try (Connection c = dataSource.getConnection()) {
                c.setAutoCommit(false);
                try {
                    BatchResult.Stored stored = writeInTransaction(c, records);
                    c.commit();
                    return stored;
                } catch (SQLException e) {
                    rollbackQuietly(c);
                    if (!DatabaseErrors.isUniqueViolation(e) || attempt == MAX_ATTEMPTS) {
                        throw e;
                    }
                    log.info("another writer stored some of this batch's {} events first (partitions moving between writers); "
                            + "writing the batch again without them", records.size());
                } catch (IOException e) {
                    rollbackQuietly(c);
                    // COPY reports the server's refusal as an IOException around the SQLException
                    if (e.getCause() instanceof SQLException sql) {
                        throw sql;
                    }
                    throw new SQLException("batch write failed: " + e.getMessage(), e);
                } catch (RuntimeException e) {
                    rollbackQuietly(c);
                    throw new SQLException("batch write failed: " + e.getMessage(), e);
                }
            }
        }
    }

    private BatchResult.Stored writeInTransaction(Connection c, CopyRows records) throws SQLException, IOException {
        try (Statement st = c.createStatement()) {
            st.execute(PREPARE);
            st.execute(HourLocks.SHARED_BARRIER);
            Collapses decided = guard.decisionsBeforeCopy(c);
            CopyStream.copy(c, "stage_events", decided.isEmpty() ? records : records.withRoutesOfClasses(decided::collapse));
            st.execute(HourLocks.SHARED_FOR_STAGED_HOURS);
            st.executeUpdate(DROP_STORED);
            RouteGuard.Outcome guarded = guard.apply(c);
            long inserted = st.executeUpdate(INSERT_NEW);
            st.executeUpdate(AGGREGATE);
            st.executeUpdate(DailyRollup.MARK_STAGED_DAYS);
            guarded.decisions().forEach(d -> log.info("route guard: {} distinct values after '{}' within an hour; the segment after it "
                    + "becomes {}", d.distinctValues(), d.parent(), GuardRoutes.VARIABLE));
            return new BatchResult.Stored(inserted, guarded.overflowed(), guarded.decisions().size());
        }
    }

    private static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // the connection is broken; the pool discards it and the transaction is gone anyway
        }
    }
}
