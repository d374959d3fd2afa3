package io.pathstats.archiver.jobs;

import io.pathstats.archiver.store.ArchiveKeys;
import io.pathstats.archiver.store.ArchiveMetadata;
import io.pathstats.archiver.store.ArchiveScope;
import io.pathstats.archiver.store.MultipartUploadStream;
import io.pathstats.client.EventJson;
import io.pathstats.client.TrafficEvent;
import io.pathstats.migrations.DetailPartitions;
import java.io.IOException;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.zip.GZIPOutputStream;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Writes every hour of every day partition older than the retention to S3 as gzip NDJSON in the
 * event contract format, one object per hour, streamed from a server-side cursor into a multipart
 * upload (memory stays at one 8 MiB part). An object counts as archived only once a HEAD confirms
 * its size and a fresh count in PostgreSQL matches its rows; then archive_metadata records it as
 * verified. Verified hours are skipped, so a rerun completes what a failed or killed run left.
 */
public final class ArchiveJob implements ArchiverJob {
    private static final Logger log = LoggerFactory.getLogger(ArchiveJob.class);
    private static final int FETCH_ROWS = 10_000;

    private final ArchiveScope scope;
    private final DataSource dataSource;
    private final ArchiveMetadata metadata;
    private final S3Client s3;
    private final String bucket;

    public ArchiveJob(ArchiveScope scope) {
        this.scope = scope;
        this.dataSource = scope.dataSource();
        this.metadata = scope.metadata();
        this.s3 = scope.s3();
        this.bucket = scope.bucket();
    }

    @Override
    public String name() {
        return ARCHIVE;
    }

    @Override
    public String description() {
        return "archive day partitions older than " + scope.retentionDays() + " days to s3://" + bucket + " as gzip NDJSON";
    }

    @Override
    public JobOutcome run() throws Exception {
        long rows = 0;
        long bytes = 0;
        int objects = 0;
        int hours = 0;
        java.util.List<LocalDate> days;
        try (Connection c = dataSource.getConnection()) {
            days = scope.daysPastRetention(c);
        }
        for (LocalDate day : days) {
            for (int hour = 0; hour < 24; hour++) {
                if (metadata.isVerified(day, hour)) {
                    continue;
                }
                HourArchive a;
                try {
                    a = archiveHour(day, hour);
                } catch (SdkException e) {
                    throw new IllegalStateException("S3 at " + s3.serviceClientConfiguration().endpointOverride().map(Object::toString)
                            .orElse("its default endpoint") + " failed while archiving s3://" + bucket + "/" + ArchiveKeys.hourObject(day, hour)
                            + " (" + e.getMessage() + "); nothing was deleted, the next run continues from this hour", e);
                }
                rows += a.rows;
                bytes += a.bytes;
                objects += a.rows > 0 ? 1 : 0;
                hours++;
            }
        }
        return new JobOutcome(rows, bytes, hours + " hour(s) of " + days.size() + " day partition(s) archived, "
                + objects + " of them with rows (one object each)");
    }

    private record HourArchive(long rows, long bytes) {
    }

    private HourArchive archiveHour(LocalDate day, int hour) throws SQLException, IOException, NoSuchAlgorithmException {
        String key = ArchiveKeys.hourObject(day, hour);
        Instant from = day.atStartOfDay().plusHours(hour).toInstant(ZoneOffset.UTC);
        Instant to = from.plusSeconds(3600);
        if (countRows(day, from, to) == 0) {
            // a quiet hour: recorded as archived, without an empty object (cleanup's recount of the day still covers it)
            metadata.recordVerified(day, ArchiveMetadata.ArchivedHour.empty(hour));
            log.info("{} hour {} has no rows: recorded as archived, nothing uploaded", day, hour);
            return new HourArchive(0, 0);
        }
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        long rows = 0;
        MultipartUploadStream upload = new MultipartUploadStream(s3, bucket, key, "application/x-ndjson");
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false); // a server-side cursor needs a transaction
            try (PreparedStatement ps = c.prepareStatement("SELECT event_id, occurred_at, path, method, status, latency_us, proxy_id, route FROM "
                    + DetailPartitions.tableOf(day) + " WHERE occurred_at >= ? AND occurred_at < ? ORDER BY occurred_at, event_id")) {
                ps.setFetchSize(FETCH_ROWS);
                ps.setTimestamp(1, Timestamp.from(from));
                ps.setTimestamp(2, Timestamp.from(to));
                try (ResultSet rs = ps.executeQuery();
                     GZIPOutputStream gzip = new GZIPOutputStream(new DigestOutputStream(upload, sha256), 64 * 1024)) {
                    while (rs.next()) {
                        long latency = rs.getLong(6);
                        Long latencyUs = rs.wasNull() ? null : latency;
                        EventJson.write(new TrafficEvent(rs.getString(1), rs.getObject(2, OffsetDateTime.class).toInstant(),
                                rs.getString(3), rs.getString(4), rs.getInt(5), latencyUs, rs.getString(7), rs.getString(8)), gzip);
                        gzip.write('\n');
                        rows++;
                    }
                }
            } finally {
                c.rollback();
            }
        } catch (SQLException | IOException | RuntimeException e) {
            upload.abort();
            throw e;
        }
        verify(day, hour, key, from, to, rows, upload.bytes());
        String sha = HexFormat.of().formatHex(sha256.digest());
        metadata.recordVerified(day, new ArchiveMetadata.ArchivedHour(hour, key, rows, upload.bytes(), sha));
        log.info("archived {} rows of {} hour {} to s3://{}/{} ({} bytes, sha256 {})", rows, day, hour, bucket, key, upload.bytes(), sha);
        return new HourArchive(rows, upload.bytes());
    }

    /** HEAD confirms the size; a fresh count confirms no row arrived after the cursor read the hour. */
    private void verify(LocalDate day, int hour, String key, Instant from, Instant to, long rows, long bytes) throws SQLException {
        long stored = s3.headObject(b -> b.bucket(bucket).key(key)).contentLength();
        if (stored != bytes) {
            throw new IllegalStateException("s3://" + bucket + "/" + key + " has " + stored + " bytes, " + bytes + " were written");
        }
        long now = countRows(day, from, to);
        if (now != rows) {
            throw new IllegalStateException(day + " hour " + hour + " now holds " + now + " rows, the archive " + rows
                    + "; late events arrived, the next run archives the hour again");
        }
    }

    private long countRows(LocalDate day, Instant from, Instant to) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM " + DetailPartitions.tableOf(day)
                     + " WHERE occurred_at >= ? AND occurred_at < ?")) {
            ps.setTimestamp(1, Timestamp.from(from));
            ps.setTimestamp(2, Timestamp.from(to));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
