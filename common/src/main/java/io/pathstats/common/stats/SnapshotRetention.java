package io.pathstats.common.stats;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/** Deletes all but the newest snapshot versions; the snapshot writer and the archiver's prune job share it. */
public final class SnapshotRetention {
    /** Versions kept: the newest serves, the others are there to compare with or fall back to. */
    public static final int KEEP_VERSIONS = 5;

    private SnapshotRetention() {
    }

    /** @return how many versions were deleted */
    public static int keepNewest(Connection c, int keep) throws SQLException {
        // by rank, not arithmetic: a rolled-back insert leaves a gap in the version sequence
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM path_snapshots WHERE version < "
                + "(SELECT min(version) FROM (SELECT version FROM path_snapshots ORDER BY version DESC LIMIT ?) newest)")) {
            ps.setInt(1, keep);
            return ps.executeUpdate();
        }
    }
}
