package io.pathstats.archiver.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * The one owner of archive_metadata and its protocol: an hour's object is recorded {@code verified}
 * only after its upload was checked (size and row count); cleanup drops a day only when all 24 of
 * its hours are verified, and marks the day {@code failed} (to be archived again) when the partition
 * no longer matches what was recorded. Readers see verified hours only.
 */
public final class ArchiveMetadata {
    private final DataSource dataSource;

    public ArchiveMetadata(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * One verified hour: its object, how many rows and bytes it holds, and its SHA-256. An hour that
     * had no rows has no object (key and digest null, 0 rows and bytes).
     */
    public record ArchivedHour(int hour, String key, long rows, long bytes, String sha256) {
        public static ArchivedHour empty(int hour) {
            return new ArchivedHour(hour, null, 0, 0, null);
        }

        public boolean hasObject() {
            return key != null;
        }
    }

    /** Verified objects over all days. */
    public record Totals(long objects, long rows, long bytes, String firstDay, String lastDay) {
    }

    public boolean isVerified(LocalDate day, int hour) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT 1 FROM archive_metadata WHERE day = ? AND hour = ? AND status = 'verified'")) {
            ps.setObject(1, day);
            ps.setInt(2, hour);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** Records an uploaded and checked hour as verified, replacing what an earlier run recorded for it. */
    public void recordVerified(LocalDate day, ArchivedHour hour) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO archive_metadata (day, hour, object_key, row_count, bytes, sha256, status, verified_at) "
                     + "VALUES (?, ?, ?, ?, ?, ?, 'verified', now()) ON CONFLICT (day, hour) DO UPDATE SET object_key = EXCLUDED.object_key, "
                     + "row_count = EXCLUDED.row_count, bytes = EXCLUDED.bytes, sha256 = EXCLUDED.sha256, status = 'verified', "
                     + "error = NULL, verified_at = now()")) {
            ps.setObject(1, day);
            ps.setInt(2, hour.hour());
            ps.setString(3, hour.key());
            ps.setLong(4, hour.rows());
            ps.setLong(5, hour.bytes());
            ps.setString(6, hour.sha256());
            ps.executeUpdate();
        }
    }

    /** The day's verified hours, in order. */
    public List<ArchivedHour> verifiedHours(LocalDate day) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return verifiedHours(c, day);
        }
    }

    public List<ArchivedHour> verifiedHours(Connection c, LocalDate day) throws SQLException {
        List<ArchivedHour> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT hour, object_key, row_count, bytes, sha256 FROM archive_metadata "
                + "WHERE day = ? AND status = 'verified' ORDER BY hour")) {
            ps.setObject(1, day);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new ArchivedHour(rs.getInt(1), rs.getString(2), rs.getLong(3), rs.getLong(4), rs.getString(5)));
                }
            }
        }
        return out;
    }

    /** Marks the day's hours failed, so the next archive run writes them again; commits on {@code c}. */
    public void reopen(Connection c, LocalDate day, String why) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE archive_metadata SET status = 'failed', error = ? WHERE day = ?")) {
            ps.setString(1, why);
            ps.setObject(2, day);
            ps.executeUpdate();
            c.commit();
        }
    }

    public Totals totals(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT count(object_key), coalesce(sum(row_count), 0), coalesce(sum(bytes), 0), "
                + "min(day), max(day) FROM archive_metadata WHERE status = 'verified'");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return new Totals(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getString(4), rs.getString(5));
        }
    }
}
