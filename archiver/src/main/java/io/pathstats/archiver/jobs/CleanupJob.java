package io.pathstats.archiver.jobs;

import io.pathstats.archiver.store.ArchiveMetadata;
import io.pathstats.archiver.store.ArchiveScope;
import io.pathstats.migrations.DetailPartitions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Drops a day partition of traffic_events only when all 24 of its hours are archived and verified
 * (docs/architecture.md, rule 5): right before the drop it HEADs every object again and, holding an exclusive
 * lock on the partition, checks that the rows still number what the archive recorded. Dropping a
 * whole partition takes ~0.1 s and writes no WAL, where deleting the rows would take minutes and
 * bloat. Aggregates and snapshots are never touched.
 */
public final class CleanupJob implements ArchiverJob {
    private static final Logger log = LoggerFactory.getLogger(CleanupJob.class);

    private final ArchiveScope scope;
    private final ArchiveMetadata metadata;
    private final S3Client s3;
    private final String bucket;

    public CleanupJob(ArchiveScope scope) {
        this.scope = scope;
        this.metadata = scope.metadata();
        this.s3 = scope.s3();
        this.bucket = scope.bucket();
    }

    @Override
    public String name() {
        return CLEANUP;
    }

    @Override
    public String description() {
        return "drop day partitions whose 24 hours are archived and verified";
    }

    @Override
    public JobOutcome run() throws Exception {
        long rows = 0;
        int dropped = 0;
        int kept = 0;
        try (Connection c = scope.dataSource().getConnection()) {
            for (LocalDate day : scope.daysPastRetention(c)) {
                Long removed = dropIfArchived(c, day);
                if (removed == null) {
                    kept++;
                } else {
                    rows += removed;
                    dropped++;
                }
            }
        }
        return new JobOutcome(rows, 0, dropped + " day partition(s) dropped, " + kept + " kept (not fully archived)");
    }

    /** @return rows removed, or null when the day is not (or no longer) fully archived */
    private Long dropIfArchived(Connection c, LocalDate day) throws SQLException {
        List<ArchiveMetadata.ArchivedHour> hours = metadata.verifiedHours(c, day);
        if (hours.size() < 24) {
            log.info("keeping {}: {} of 24 hours archived and verified", day, hours.size());
            return null;
        }
        long archivedRows = 0;
        for (ArchiveMetadata.ArchivedHour h : hours) {
            if (!h.hasObject()) {
                continue; // an hour without rows: the recount below confirms it is still empty
            }
            long size = s3.headObject(b -> b.bucket(bucket).key(h.key())).contentLength();
            if (size != h.bytes()) {
                log.warn("keeping {}: s3://{}/{} has {} bytes, {} recorded", day, bucket, h.key(), size, h.bytes());
                return null;
            }
            archivedRows += h.rows();
        }
        String table = DetailPartitions.tableOf(day);
        c.setAutoCommit(false);
        try (Statement st = c.createStatement()) {
            st.execute("LOCK TABLE " + table + " IN ACCESS EXCLUSIVE MODE");
            long present;
            try (ResultSet rs = st.executeQuery("SELECT count(*) FROM " + table)) {
                rs.next();
                present = rs.getLong(1);
            }
            if (present != archivedRows) {
                c.rollback();
                metadata.reopen(c, day, "partition holds " + present + " rows, the archive " + archivedRows);
                log.warn("keeping {}: it holds {} rows, the archive {}; the next archive run re-archives it", day, present, archivedRows);
                return null;
            }
            st.execute("ALTER TABLE traffic_events DETACH PARTITION " + table);
            st.execute("DROP TABLE " + table);
            c.commit();
            log.info("dropped {} ({} rows, all in s3://{})", table, present, bucket);
            return present;
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
    }
}
