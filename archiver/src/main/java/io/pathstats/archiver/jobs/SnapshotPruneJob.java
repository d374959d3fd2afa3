package io.pathstats.archiver.jobs;

import io.pathstats.common.stats.SnapshotRetention;
import java.sql.Connection;
import javax.sql.DataSource;

/** Keeps the newest N snapshot versions (the snapshot writer prunes too; this is the safety net). */
public final class SnapshotPruneJob implements ArchiverJob {
    private final DataSource dataSource;
    private final int keep;

    public SnapshotPruneJob(DataSource dataSource, int keep) {
        this.dataSource = dataSource;
        this.keep = keep;
    }

    @Override
    public String name() {
        return SNAPSHOT_PRUNE;
    }

    @Override
    public String description() {
        return "delete snapshot versions older than the newest " + keep;
    }

    @Override
    public JobOutcome run() throws Exception {
        try (Connection c = dataSource.getConnection()) {
            int deleted = SnapshotRetention.keepNewest(c, keep);
            return new JobOutcome(deleted, 0, deleted + " old snapshot version(s) deleted");
        }
    }
}
