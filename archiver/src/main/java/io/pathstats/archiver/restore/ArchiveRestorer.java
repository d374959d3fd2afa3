package io.pathstats.archiver.restore;

import io.pathstats.archiver.store.ArchiveMetadata;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.List;
import java.util.function.LongConsumer;
import java.util.zip.GZIPInputStream;
import javax.sql.DataSource;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Streams an archived day back as NDJSON, hour by hour, checking each object's size and SHA-256
 * against archive_metadata and its line count against the recorded rows. Fails on the first
 * mismatch: a restore never hands back data it cannot vouch for.
 */
public final class ArchiveRestorer {
    private final ArchiveMetadata metadata;
    private final S3Client s3;
    private final String bucket;

    public ArchiveRestorer(DataSource dataSource, S3Client s3, String bucket) {
        this.metadata = new ArchiveMetadata(dataSource);
        this.s3 = s3;
        this.bucket = bucket;
    }

    /** The day's verified hour objects, in order. */
    public List<ArchiveMetadata.ArchivedHour> objects(LocalDate day) throws SQLException {
        return metadata.verifiedHours(day);
    }

    /** The day's 24 verified hour objects; throws, saying what to do, when the day is not fully archived. */
    public List<ArchiveMetadata.ArchivedHour> completeDay(LocalDate day) throws SQLException {
        List<ArchiveMetadata.ArchivedHour> hours = objects(day);
        if (hours.size() != 24) {
            throw new IllegalStateException(day + " is not fully archived (" + hours.size() + " of 24 hours verified); "
                    + "run the archive job first: POST /admin/jobs/archive/run");
        }
        return hours;
    }

    /** Writes the day's events to {@code out}; {@code progress} is told the rows restored so far. Returns the row count. */
    public long restore(LocalDate day, OutputStream out, LongConsumer progress) throws SQLException, IOException {
        List<ArchiveMetadata.ArchivedHour> hours = completeDay(day);
        long rows = 0;
        for (ArchiveMetadata.ArchivedHour h : hours) {
            rows += restoreHour(h, out);
            progress.accept(rows);
        }
        out.flush();
        return rows;
    }

    private long restoreHour(ArchiveMetadata.ArchivedHour h, OutputStream out) throws IOException {
        if (!h.hasObject()) {
            return 0;
        }
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        long lines = 0;
        long compressed;
        try (InputStream object = s3.getObject(b -> b.bucket(bucket).key(h.key()));
             CountingInputStream counted = new CountingInputStream(new DigestInputStream(object, sha256));
             GZIPInputStream gzip = new GZIPInputStream(counted, 64 * 1024)) {
            byte[] buffer = new byte[64 * 1024];
            int n;
            while ((n = gzip.read(buffer)) > 0) {
                for (int i = 0; i < n; i++) {
                    if (buffer[i] == '\n') {
                        lines++;
                    }
                }
                out.write(buffer, 0, n);
            }
            counted.transferTo(OutputStream.nullOutputStream()); // digest any trailing bytes too
            compressed = counted.count();
        }
        String sha = HexFormat.of().formatHex(sha256.digest());
        if (!sha.equals(h.sha256()) || compressed != h.bytes() || lines != h.rows()) {
            throw new IllegalStateException("s3://" + bucket + "/" + h.key() + " does not match its archive record (sha256 " + sha
                    + " vs " + h.sha256() + ", " + compressed + " vs " + h.bytes() + " bytes, " + lines + " vs " + h.rows() + " rows)");
        }
        return lines;
    }

    private static final class CountingInputStream extends java.io.FilterInputStream {
        private long count;

        CountingInputStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }

        long count() {
            return count;
        }
    }
}
