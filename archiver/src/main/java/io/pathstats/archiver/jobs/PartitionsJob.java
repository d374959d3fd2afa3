package io.pathstats.archiver.jobs;

import io.pathstats.migrations.PartitionMaintenance;
import javax.sql.DataSource;

/** Creates the day partitions of traffic_events from the retention window to a week ahead. */
public final class PartitionsJob implements ArchiverJob {
    private final DataSource dataSource;
    private final int retentionDays;

    public PartitionsJob(DataSource dataSource, int retentionDays) {
        this.dataSource = dataSource;
        this.retentionDays = retentionDays;
    }

    @Override
    public String name() {
        return PARTITIONS;
    }

    @Override
    public String description() {
        return "create day partitions of traffic_events ahead of time";
    }

    @Override
    public JobOutcome run() throws Exception {
        int created = PartitionMaintenance.ensurePartitions(dataSource, retentionDays);
        return new JobOutcome(0, 0, created + " partition(s) created");
    }
}
