package io.pathstats.bench.archive;

import io.pathstats.archiver.jobs.ArchiveJob;
import io.pathstats.archiver.jobs.ArchiverJob.JobOutcome;
import io.pathstats.archiver.jobs.CleanupJob;
import io.pathstats.archiver.store.ArchiveScope;
import io.pathstats.migrations.DetailPartitions;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Locale;
import javax.sql.DataSource;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@code pathstats bench archive}: fills two day partitions older than the retention, times the
 * archive job (cursor, gzip NDJSON, multipart upload, verification) and the cleanup job (DROP of
 * the verified partitions). Baselines, same run: the same rows read by a plain COPY TO (the read
 * cost alone), and a DELETE of one day's rows rolled back (what cleanup would cost without
 * partitions).
 */
public final class ArchiveBenchmark {
    private final DataSource dataSource;
    private final S3Client s3;
    private final String bucket;
    private final PrintStream out;

    public ArchiveBenchmark(DataSource dataSource, S3Client s3, String bucket, PrintStream out) {
        this.dataSource = dataSource;
        this.s3 = s3;
        this.bucket = bucket;
        this.out = out;
    }

    public record Result(long rows, double rowsPerSec, double cleanupSeconds, double readRowsPerSec, double deleteSeconds, long bytes) {
        public String json() {
            return String.format(Locale.ROOT, "{\"bench\":\"archive\",\"rows\":%d,\"rowsPerSec\":%.0f,\"cleanupSeconds\":%.3f,"
                    + "\"copyToRowsPerSec\":%.0f,\"deleteOneDaySeconds\":%.2f,\"bytes\":%d}", rows, rowsPerSec, cleanupSeconds,
                    readRowsPerSec, deleteSeconds, bytes);
        }
    }

    public Result run(long rows) throws Exception {
        Clock clock = Clock.systemUTC();
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        LocalDate[] days = {today.minusDays(6), today.minusDays(5)};
        long perDay = rows / 2;
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            st.execute("SELECT ensure_traffic_events_partitions('" + days[0] + "', '" + days[1] + "')");
            for (LocalDate day : days) {
                long start = System.nanoTime();
                st.execute("INSERT INTO " + DetailPartitions.tableOf(day) + " (occurred_at, event_id, path, proxy_id, method, status, latency_us) "
                        + "SELECT '" + day + "T00:00:00Z'::timestamptz + (i * (86400.0 / " + perDay + ")) * interval '1 second', "
                        + "md5(i::text || '" + day + "'), '/api/r' || (i % 40) || '/item/' || (i % 20000), 'edge-' || (i % 3), 'GET', "
                        + "CASE WHEN i % 67 = 0 THEN 503 ELSE 200 END, ((i::bigint * 7919) % 900)::int FROM generate_series(0, " + (perDay - 1) + ") i");
                out.printf(Locale.ROOT, "loaded %,d rows into %s in %.1f s%n", perDay, DetailPartitions.tableOf(day), (System.nanoTime() - start) / 1e9);
            }
            st.execute("VACUUM ANALYZE traffic_events");
        }

        double readRate = copyToRate(days);
        out.printf(Locale.ROOT, "baseline: COPY (SELECT ...) TO STDOUT of the same rows: %,.0f rows/s%n", readRate);

        long start = System.nanoTime();
        JobOutcome archived = new ArchiveJob(new ArchiveScope(dataSource, s3, bucket, 3, clock)).run();
        double archiveSeconds = (System.nanoTime() - start) / 1e9;
        out.printf(Locale.ROOT, "archive: %,d rows, %,d bytes of gzip NDJSON, %.1f s: %,.0f rows/s (%s)%n", archived.rows(),
                archived.bytes(), archiveSeconds, archived.rows() / archiveSeconds, archived.message());

        double deleteSeconds = rolledBackDelete(days[0]);
        out.printf(Locale.ROOT, "baseline: DELETE of one day's %,d rows (rolled back): %.2f s%n", perDay, deleteSeconds);

        start = System.nanoTime();
        JobOutcome cleaned = new CleanupJob(new ArchiveScope(dataSource, s3, bucket, 3, clock)).run();
        double cleanupSeconds = (System.nanoTime() - start) / 1e9;
        out.printf(Locale.ROOT, "cleanup: %s, %,d rows, %.3f s (including a HEAD of every object and a recount)%n",
                cleaned.message(), cleaned.rows(), cleanupSeconds);
        if (archived.rows() != 2 * perDay || cleaned.rows() != archived.rows()) {
            throw new IllegalStateException("archived " + archived.rows() + " and cleaned " + cleaned.rows() + " of " + 2 * perDay + " rows");
        }
        return new Result(archived.rows(), archived.rows() / archiveSeconds, cleanupSeconds, readRate, deleteSeconds, archived.bytes());
    }

    private double copyToRate(LocalDate[] days) throws Exception {
        long start = System.nanoTime();
        long n = 0;
        try (Connection c = dataSource.getConnection()) {
            var copy = c.unwrap(org.postgresql.PGConnection.class).getCopyAPI();
            for (LocalDate day : days) {
                n += copy.copyOut("COPY (SELECT * FROM " + DetailPartitions.tableOf(day) + " ORDER BY occurred_at, event_id) TO STDOUT",
                        java.io.OutputStream.nullOutputStream());
            }
        }
        return n / ((System.nanoTime() - start) / 1e9);
    }

    private double rolledBackDelete(LocalDate day) throws Exception {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            long start = System.nanoTime();
            st.execute("DELETE FROM " + DetailPartitions.tableOf(day));
            double seconds = (System.nanoTime() - start) / 1e9;
            c.rollback();
            return seconds;
        }
    }
}
