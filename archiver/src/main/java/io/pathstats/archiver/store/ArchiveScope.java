package io.pathstats.archiver.store;

import io.pathstats.migrations.DetailPartitions;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import javax.sql.DataSource;
import software.amazon.awssdk.services.s3.S3Client;

/** Where archives go and which day partitions are past the retention: shared by archive, cleanup and the monitor. */
public record ArchiveScope(DataSource dataSource, S3Client s3, String bucket, int retentionDays, Clock clock) {

    /** The first day still kept: every event of an earlier day is older than the retention, so none can arrive any more. */
    public LocalDate firstDayToKeep() {
        return LocalDate.now(clock.withZone(ZoneOffset.UTC)).minusDays(retentionDays);
    }

    /** What is recorded about the archive objects. */
    public ArchiveMetadata metadata() {
        return new ArchiveMetadata(dataSource);
    }

    /** Existing day partitions past the retention, oldest first. */
    public List<LocalDate> daysPastRetention(Connection c) throws SQLException {
        return DetailPartitions.daysBefore(c, firstDayToKeep());
    }
}
