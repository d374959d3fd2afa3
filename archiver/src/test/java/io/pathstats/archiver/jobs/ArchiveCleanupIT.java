package io.pathstats.archiver.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pathstats.archiver.restore.ArchiveRestorer;
import io.pathstats.archiver.store.ArchiveKeys;
import io.pathstats.archiver.store.ArchiveScope;
import io.pathstats.common.config.S3Settings;
import io.pathstats.common.event.EventParser;
import io.pathstats.common.event.ParseOutcome;
import io.pathstats.common.s3.S3Clients;
import io.pathstats.embedded.FreePorts;
import io.pathstats.testing.SharedInfrastructure;
import io.pathstats.testing.TestDatabase;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

/** Archive before delete (docs/architecture.md, rule 5) on a real PostgreSQL and a real S3 server. */
class ArchiveCleanupIT {
    private static final int ROWS_PER_DAY = 2_400;
    private final Clock clock = Clock.systemUTC();
    private final LocalDate today = LocalDate.now(ZoneOffset.UTC);
    private final LocalDate oldest = today.minusDays(5);
    private final LocalDate older = today.minusDays(4);
    private final LocalDate recent = today.minusDays(3);
    private final TestDatabase db = TestDatabase.migrated();
    private final S3Settings s3settings = SharedInfrastructure.newBucket();
    private final S3Client s3 = S3Clients.create(s3settings);

    @AfterEach
    void tearDown() {
        s3.close();
        db.close();
    }

    private void seed() {
        db.execute("SELECT ensure_traffic_events_partitions('" + oldest + "', '" + today + "')");
        for (LocalDate day : new LocalDate[] {oldest, older, recent}) {
            db.execute("INSERT INTO traffic_events (occurred_at, event_id, path, proxy_id, method, status, latency_us) "
                    + "SELECT '" + day + "T00:00:00Z'::timestamptz + (i * interval '36 seconds'), 'e-" + day + "-' || i, "
                    + "'/api/p' || (i % 7), 'edge', 'GET', CASE WHEN i % 50 = 0 THEN 503 ELSE 200 END, "
                    + "CASE WHEN i % 10 = 0 THEN NULL ELSE i % 300 END FROM generate_series(0, " + (ROWS_PER_DAY - 1) + ") i");
        }
        db.execute("INSERT INTO path_stats_hourly (route, proxy_id, hour_bucket, requests, errors, client_errors, latency_count, "
                + "latency_sum_us, last_seen) VALUES ('/kept', 'edge', '" + oldest + "T00:00:00Z', 5, 0, 0, 0, 0, now())");
        S3Clients.ensureBucket(s3, s3settings.bucket());
    }

    private ArchiveJob archive(S3Client client) {
        return new ArchiveJob(new ArchiveScope(db.dataSource(), client, s3settings.bucket(), 3, clock));
    }

    private CleanupJob cleanup(S3Client client) {
        return new CleanupJob(new ArchiveScope(db.dataSource(), client, s3settings.bucket(), 3, clock));
    }

    @Test
    void oldDaysAreArchivedAsContractEventsThenDroppedAndNothingElseIsTouched() throws Exception {
        seed();
        ArchiverJob.JobOutcome archived = archive(s3).run();
        assertThat(archived.rows()).isEqualTo(2L * ROWS_PER_DAY);
        assertThat(db.queryLong("SELECT count(*) FROM archive_metadata WHERE status = 'verified'")).isEqualTo(48);

        // every object decompresses to valid contract events whose count and checksum match the metadata
        long lines = 0;
        EventParser parser = new EventParser(Clock.fixed(older.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC), ZoneOffset.UTC),
                Duration.ofDays(3));
        for (LocalDate day : new LocalDate[] {oldest, older}) {
            for (int hour = 0; hour < 24; hour++) {
                String key = ArchiveKeys.hourObject(day, hour);
                byte[] object = s3.getObjectAsBytes(b -> b.bucket(s3settings.bucket()).key(key)).asByteArray();
                String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(object));
                assertThat(db.queryLong("SELECT count(*) FROM archive_metadata WHERE day = '" + day + "' AND hour = " + hour
                        + " AND sha256 = '" + sha + "' AND bytes = " + object.length)).isEqualTo(1);
                try (BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(new ByteArrayInputStream(object)),
                        StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = r.readLine()) != null) {
                        assertThat(parser.parse(line.getBytes(StandardCharsets.UTF_8))).as(line).isInstanceOf(ParseOutcome.Valid.class);
                        lines++;
                    }
                }
            }
        }
        assertThat(lines).isEqualTo(2L * ROWS_PER_DAY);

        // a restored day holds exactly the rows that were in the partition, as contract events
        java.util.Set<String> dbIds = new java.util.HashSet<>();
        try (var c = db.dataSource().getConnection(); var st = c.createStatement();
             var rs = st.executeQuery("SELECT event_id FROM traffic_events WHERE occurred_at >= '" + older + "' AND occurred_at < '" + recent + "'")) {
            while (rs.next()) {
                dbIds.add(rs.getString(1));
            }
        }
        var restored = new java.io.ByteArrayOutputStream();
        long restoredRows = new ArchiveRestorer(db.dataSource(), s3, s3settings.bucket()).restore(older, restored, n -> { });
        java.util.Set<String> restoredIds = new java.util.HashSet<>();
        for (String line : restored.toString(StandardCharsets.UTF_8).split("\n")) {
            restoredIds.add(((ParseOutcome.Valid) parser.parse(line.getBytes(StandardCharsets.UTF_8))).event().eventId());
        }
        assertThat(restoredRows).isEqualTo(ROWS_PER_DAY);
        assertThat(restoredIds).isEqualTo(dbIds);

        ArchiverJob.JobOutcome cleaned = cleanup(s3).run();
        assertThat(cleaned.rows()).isEqualTo(lines);
        assertThat(db.queryLong("SELECT count(*) FROM pg_class WHERE relname IN ('traffic_events_p" + compact(oldest)
                + "', 'traffic_events_p" + compact(older) + "')")).isZero();
        assertThat(db.queryLong("SELECT count(*) FROM traffic_events WHERE occurred_at::date = '" + recent + "'")).isEqualTo(ROWS_PER_DAY);
        assertThat(db.queryLong("SELECT requests FROM path_stats_hourly WHERE route = '/kept'")).isEqualTo(5);

        // rerunning is safe: nothing left to archive or drop
        assertThat(archive(s3).run().rows()).isZero();
        assertThat(cleanup(s3).run().rows()).isZero();
    }

    @Test
    void anUnreachableStoreFailsTheRunClearlyDeletesNothingAndTheNextRunCompletes() throws Exception {
        seed();
        S3Settings dead = new S3Settings(URI.create("http://127.0.0.1:" + FreePorts.pick()), s3settings.bucket(),
                s3settings.accessKey(), s3settings.secretKey(), s3settings.region());
        try (S3Client unreachable = S3Clients.create(dead)) {
            assertThatThrownBy(() -> archive(unreachable).run()).hasMessageContaining(dead.endpoint().toString())
                    .hasMessageContaining("nothing was deleted");
            assertThat(cleanup(unreachable).run().rows()).isZero();
        }
        assertThat(db.queryLong("SELECT count(*) FROM archive_metadata WHERE status = 'verified'")).isZero();
        assertThat(db.queryLong("SELECT count(*) FROM traffic_events")).isEqualTo(3L * ROWS_PER_DAY);

        assertThat(archive(s3).run().rows()).isEqualTo(2L * ROWS_PER_DAY);
        assertThat(cleanup(s3).run().rows()).isEqualTo(2L * ROWS_PER_DAY);
        assertThat(db.queryLong("SELECT count(*) FROM traffic_events")).isEqualTo(ROWS_PER_DAY);
    }

    @Test
    void aDayThatGainedRowsAfterArchivingIsKeptAndArchivedAgain() throws Exception {
        seed();
        archive(s3).run();
        db.execute("INSERT INTO traffic_events (occurred_at, event_id, path, proxy_id, method, status) "
                + "VALUES ('" + older + "T05:00:00Z', 'late-1', '/late', 'edge', 'GET', 200)");

        assertThat(cleanup(s3).run().rows()).isEqualTo(ROWS_PER_DAY); // only the untouched day
        assertThat(db.queryLong("SELECT count(*) FROM traffic_events WHERE event_id = 'late-1'")).isEqualTo(1);
        assertThat(db.queryLong("SELECT count(*) FROM archive_metadata WHERE day = '" + older + "' AND status = 'failed'")).isEqualTo(24);

        assertThat(archive(s3).run().rows()).isEqualTo(ROWS_PER_DAY + 1L);
        assertThat(cleanup(s3).run().rows()).isEqualTo(ROWS_PER_DAY + 1L);
    }

    @Test
    void restoreRefusesAnObjectThatNoLongerMatchesItsRecord() throws Exception {
        seed();
        archive(s3).run();
        String key = ArchiveKeys.hourObject(oldest, 7);
        s3.putObject(b -> b.bucket(s3settings.bucket()).key(key),
                software.amazon.awssdk.core.sync.RequestBody.fromBytes(gzip("{\"tampered\":true}\n")));
        ArchiveRestorer restorer = new ArchiveRestorer(db.dataSource(), s3, s3settings.bucket());
        assertThatThrownBy(() -> restorer.restore(oldest, java.io.OutputStream.nullOutputStream(), n -> { }))
                .hasMessageContaining(key).hasMessageContaining("does not match");
        // and cleanup will not drop a day whose object changed size
        assertThat(cleanup(s3).run().message()).startsWith("1 day partition(s) dropped, 1 kept");
    }

    @Test
    void quietHoursAreRecordedAsArchivedWithoutAnObjectAndTheDayIsStillRestoredAndDropped() throws Exception {
        LocalDate quiet = today.minusDays(6);
        db.execute("SELECT ensure_traffic_events_partitions('" + quiet + "', '" + today + "')");
        // rows in hours 0..5 only
        db.execute("INSERT INTO traffic_events (occurred_at, event_id, path, proxy_id, method, status, latency_us) "
                + "SELECT '" + quiet + "T00:00:00Z'::timestamptz + (i * interval '60 seconds'), 'q-' || i, '/q', 'edge', 'GET', 200, 1000 "
                + "FROM generate_series(0, 359) i");
        S3Clients.ensureBucket(s3, s3settings.bucket());

        ArchiverJob.JobOutcome archived = archive(s3).run();
        assertThat(archived.rows()).isEqualTo(360);
        // the quiet day and the two empty days after it are past the retention: 72 hours, 6 with rows
        assertThat(archived.message()).contains("72 hour(s) of 3 day partition(s)").contains("6 of them with rows");
        assertThat(db.queryLong("SELECT count(*) FROM archive_metadata WHERE day = '" + quiet + "' AND status = 'verified'")).isEqualTo(24);
        assertThat(db.queryLong("SELECT count(*) FROM archive_metadata WHERE day = '" + quiet + "' AND object_key IS NULL "
                + "AND row_count = 0 AND bytes = 0")).isEqualTo(18);
        var listed = s3.listObjectsV2(b -> b.bucket(s3settings.bucket()).prefix("events/dt=" + quiet + "/")).contents();
        assertThat(listed).hasSize(6).allSatisfy(o -> assertThat(o.size()).isPositive());

        var restored = new java.io.ByteArrayOutputStream();
        assertThat(new ArchiveRestorer(db.dataSource(), s3, s3settings.bucket()).restore(quiet, restored, n -> { })).isEqualTo(360);
        assertThat(restored.toString(StandardCharsets.UTF_8).split("\n")).hasSize(360);

        // a late event in a quiet hour: the day is kept and that hour archived again, with an object now
        db.execute("INSERT INTO traffic_events (occurred_at, event_id, path, proxy_id, method, status) "
                + "VALUES ('" + quiet + "T20:00:00Z', 'late-q', '/late', 'edge', 'GET', 200)");
        assertThat(cleanup(s3).run().rows()).isZero();
        assertThat(archive(s3).run().rows()).isEqualTo(361);
        assertThat(db.queryLong("SELECT row_count FROM archive_metadata WHERE day = '" + quiet + "' AND hour = 20 "
                + "AND object_key IS NOT NULL")).isEqualTo(1);
        assertThat(cleanup(s3).run().rows()).isEqualTo(361);
        assertThat(db.queryLong("SELECT count(*) FROM traffic_events")).isZero();
    }

    private static byte[] gzip(String text) throws java.io.IOException {
        var bytes = new java.io.ByteArrayOutputStream();
        try (var out = new java.util.zip.GZIPOutputStream(bytes)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return bytes.toByteArray();
    }

    private static String compact(LocalDate day) {
        return day.toString().replace("-", "");
    }
}
