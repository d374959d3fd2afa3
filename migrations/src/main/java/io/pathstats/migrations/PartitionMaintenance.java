package io.pathstats.migrations;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import javax.sql.DataSource;

/** Creates the day partitions of traffic_events ahead of the traffic that will need them. */
public final class PartitionMaintenance {
    /** Days created beyond today, so a missed maintenance run never sends rows to the default partition. */
    public static final int DAYS_AHEAD = 7;

    private PartitionMaintenance() {
    }

    /** Ensures partitions from {@code retentionDays} ago to {@link #DAYS_AHEAD} days ahead; returns how many were created. */
    public static int ensurePartitions(DataSource ds, int retentionDays) throws SQLException {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        return ensurePartitions(ds, today.minusDays(retentionDays + 1L), today.plusDays(DAYS_AHEAD));
    }

    public static int ensurePartitions(DataSource ds, LocalDate first, LocalDate last) throws SQLException {
        try (Connection c = ds.getConnection()) {
            return ensurePartitions(c, first, last);
        }
    }

    /** On the given session, so in the schema its search_path names first. */
    public static int ensurePartitions(Connection c, LocalDate first, LocalDate last) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT ensure_traffic_events_partitions(?, ?)")) {
            ps.setObject(1, first);
            ps.setObject(2, last);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }
}
