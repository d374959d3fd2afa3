package io.pathstats.pipeline.hourly;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;

/**
 * Transaction-scoped PostgreSQL advisory locks, one per UTC hour, between the writers and the
 * re-aggregation or fold of an hour: a batch holds its hours shared (writers never wait for each
 * other), a re-aggregation holds its hour exclusively, so it sees every batch of the hour either
 * committed or not yet begun, and no batch adds to the hour's aggregates while they are rebuilt.
 */
public final class HourLocks {
    /** The first key of the two-key advisory lock space: "hour" locks of pathstats. */
    private static final int CLASS = 0x70680001;
    /** Key 0 (the hour of 1970-01-01T00, which no event has): every batch holds it shared, before its hours. */
    private static final int BARRIER = 0;
    /** The barrier, shared: taken by every batch before it reads the guard's decisions. */
    public static final String SHARED_BARRIER = "SELECT pg_advisory_xact_lock_shared(" + CLASS + ", " + BARRIER + ")";
    /** Shared locks on every hour the staged batch touches, in hour order. */
    public static final String SHARED_FOR_STAGED_HOURS = "SELECT pg_advisory_xact_lock_shared(" + CLASS + ", h) FROM (SELECT DISTINCT "
            + "(extract(epoch FROM date_trunc('hour', occurred_at)) / 3600)::int AS h FROM stage_events ORDER BY 1) hours";

    private HourLocks() {
    }

    /**
     * Waits until every batch in flight has committed (or rolled back): a batch that begins after this
     * sees everything committed before it. Briefly holds new batches back.
     */
    public static void awaitBatchesInFlight(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_xact_lock(" + CLASS + ", " + BARRIER + ")")) {
            ps.execute();
        }
    }

    /** Waits until no batch holds {@code hour}, and keeps new ones out until this transaction ends. */
    public static void exclusive(Connection c, Instant hour) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_xact_lock(" + CLASS + ", ?)")) {
            ps.setInt(1, (int) (hour.getEpochSecond() / 3600));
            ps.execute();
        }
    }
}
