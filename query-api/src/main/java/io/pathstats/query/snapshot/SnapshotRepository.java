package io.pathstats.query.snapshot;

import io.pathstats.common.stats.Snapshot;
import io.pathstats.common.stats.SnapshotCodec;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import javax.sql.DataSource;

/** Reads snapshot versions from path_snapshots. */
public final class SnapshotRepository {
    private final DataSource dataSource;

    public SnapshotRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public long newestVersion() throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT coalesce(max(version), 0) FROM path_snapshots");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    public Optional<Snapshot> newest() throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT version, created_at, window_start, window_end, truncated, payload "
                     + "FROM path_snapshots ORDER BY version DESC LIMIT 1");
             ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                return Optional.empty();
            }
            return Optional.of(new Snapshot(rs.getLong(1), rs.getTimestamp(2).toInstant(), rs.getTimestamp(3).toInstant(),
                    rs.getTimestamp(4).toInstant(), rs.getBoolean(5), SnapshotCodec.decode(rs.getBytes(6))));
        }
    }
}
