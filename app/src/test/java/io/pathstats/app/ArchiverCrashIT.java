package io.pathstats.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pathstats.archiver.ArchiverConfig;
import io.pathstats.archiver.ArchiverService;
import io.pathstats.common.config.Env;
import io.pathstats.common.config.S3Settings;
import io.pathstats.common.ops.AdminAuth;
import io.pathstats.common.ops.HealthRegistry;
import io.pathstats.common.s3.S3Clients;
import io.pathstats.embedded.FreePorts;
import io.pathstats.testing.SharedInfrastructure;
import io.pathstats.testing.TestDatabase;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The archiver SIGKILLed in the middle of an archive run: the next run (on another instance)
 * is not blocked by the dead run, completes the remaining hours, and leaves exactly one object
 * per hour, each matching its rows.
 */
class ArchiverCrashIT {
    private static final int ROWS_PER_DAY = 200_000;
    private static final String TOKEN = "crash-token";

    @Test
    void aRunKilledHalfWayIsCompletedByTheNextWithoutDuplicates() throws Exception {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        LocalDate[] days = {today.minusDays(5), today.minusDays(4)};
        S3Settings s3settings = SharedInfrastructure.newBucket();
        try (TestDatabase db = TestDatabase.migrated(); S3Client s3 = S3Clients.create(s3settings)) {
            S3Clients.ensureBucket(s3, s3settings.bucket());
            db.execute("SELECT ensure_traffic_events_partitions('" + days[0] + "', '" + days[1] + "')");
            for (LocalDate day : days) {
                db.execute("INSERT INTO traffic_events (occurred_at, event_id, path, proxy_id, method, status, latency_us) "
                        + "SELECT '" + day + "T00:00:00Z'::timestamptz + (i * (86400.0 / " + ROWS_PER_DAY + ")) * interval '1 second', "
                        + "md5(i::text || '" + day + "'), '/p/' || (i % 500), 'edge', 'GET', 200, i % 700 "
                        + "FROM generate_series(0, " + (ROWS_PER_DAY - 1) + ") i");
            }
            int port = FreePorts.pick();
            Process archiver = startArchiver(db, s3settings, port);
            try {
                HttpClient http = HttpClient.newHttpClient();
                URI run = URI.create("http://127.0.0.1:" + port + "/admin/jobs/archive/run");
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).ignoreExceptions().until(() ->
                        http.send(HttpRequest.newBuilder(run).header("Authorization", "Bearer " + TOKEN)
                                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString()).statusCode() == 202);
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                        .until(() -> db.queryLong("SELECT count(*) FROM archive_metadata WHERE status = 'verified'") >= 3);
            } finally {
                archiver.destroyForcibly();
                assertThat(archiver.waitFor(30, TimeUnit.SECONDS)).isTrue();
            }
            long verifiedAtKill = db.queryLong("SELECT count(*) FROM archive_metadata WHERE status = 'verified'");
            assertThat(verifiedAtKill).as("killed half-way").isLessThan(48);
            assertThat(db.queryLong("SELECT count(*) FROM job_runs WHERE job = 'archive' AND status = 'running'")).isEqualTo(1);

            ArchiverConfig config = ArchiverConfig.fromEnv(new Env(Map.of())).withS3(s3settings);
            try (ArchiverService survivor = ArchiverService.start(config, db.dataSource(), new SimpleMeterRegistry(), new HealthRegistry(),
                    new AdminAuth(TOKEN), Clock.systemUTC())) {
                // refused while the dead run still looks alive, accepted once its instance missed its cluster check-ins
                long runId = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                        .until(() -> survivor.scheduler().runNow("archive"), id -> id >= 0);
                await().atMost(Duration.ofSeconds(120)).until(() ->
                        db.queryLong("SELECT count(*) FROM job_runs WHERE id = " + runId + " AND status = 'succeeded'") == 1);
            }
            // the two seeded days are the day partitions past the retention: 48 hours
            assertThat(db.queryLong("SELECT count(*) FROM archive_metadata WHERE status = 'verified'")).isEqualTo(48);
            assertThat(db.queryLong("SELECT sum(row_count) FROM archive_metadata")).isEqualTo(2L * ROWS_PER_DAY);
            long objects = s3.listObjectsV2Paginator(b -> b.bucket(s3settings.bucket()).prefix("events/")).contents().stream().count();
            assertThat(objects).as("one object per hour, no duplicates").isEqualTo(48);
            // the killed run does not stay "running": Quartz recovery re-fires it on the survivor (the job requests
            // recovery), or, failing that, it is failed once its instance stops checking in
            assertThat(db.queryLong("SELECT count(*) FROM job_runs WHERE status = 'running'")).isZero();
        }
    }

    private static Process startArchiver(TestDatabase db, S3Settings s3, int port) throws Exception {
        Path jar = Path.of("target", "pathstats.jar").toAbsolutePath();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx256m", "-jar", jar.toString(), "archiver");
        pb.environment().put("PATHSTATS_DB_URL", db.settings().url());
        pb.environment().put("PATHSTATS_DB_USER", db.settings().user());
        pb.environment().put("PATHSTATS_S3_ENDPOINT", s3.endpoint().toString());
        pb.environment().put("PATHSTATS_S3_BUCKET", s3.bucket());
        pb.environment().put("PATHSTATS_S3_ACCESS_KEY", s3.accessKey());
        pb.environment().put("PATHSTATS_S3_SECRET_KEY", s3.secretKey());
        pb.environment().put("PATHSTATS_ADMIN_TOKEN", TOKEN);
        pb.environment().put("PATHSTATS_HTTP_PORT", Integer.toString(port));
        pb.environment().put("PATHSTATS_DATA_DIR", Files.createTempDirectory(Path.of("target"), "archiver-crash-data-").toString());
        pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(new File("target/archiver-crash.log")));
        return pb.start();
    }
}
