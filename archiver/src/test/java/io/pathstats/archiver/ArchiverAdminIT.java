package io.pathstats.archiver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.pathstats.common.config.HttpSettings;
import io.pathstats.common.ops.AdminAuth;
import io.pathstats.common.ops.HealthRegistry;
import io.pathstats.common.ops.HttpServer;
import io.pathstats.testing.TestDatabase;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Quartz on the clustered JDBC store of a real PostgreSQL, driven through the admin endpoints. */
class ArchiverAdminIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "it-token";
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void manualRunsNeedTheTokenAreRecordedAndTheScheduleIsListed() throws Exception {
        try (TestDatabase db = TestDatabase.migrated()) {
            db.execute("SELECT ensure_traffic_events_partitions(current_date, current_date + 30)");
            db.execute("DROP TABLE traffic_events_p" + java.time.LocalDate.now(java.time.ZoneOffset.UTC).plusDays(2).toString().replace("-", ""));
            for (int i = 0; i < 8; i++) {
                db.execute("INSERT INTO path_snapshots (window_start, window_end, path_count, build_ms, payload) "
                        + "VALUES (now(), now(), 0, 1, '\\x00')");
            }
            PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            HealthRegistry health = new HealthRegistry();
            ArchiverConfig config = ArchiverConfig.fromEnv(new io.pathstats.common.config.Env(Map.of()))
                    .withS3(io.pathstats.testing.SharedInfrastructure.newBucket());
            try (ArchiverService archiver = ArchiverService.start(config, db.dataSource(), registry, health, new AdminAuth(TOKEN),
                    java.time.Clock.systemUTC());
                 HttpServer server = HttpServer.start(new HttpSettings("127.0.0.1", 0, TOKEN), health, registry,
                         List.of(archiver.routes()))) {
                String base = "http://127.0.0.1:" + server.port();

                assertThat(send("POST", base + "/admin/jobs/partitions/run", null).statusCode()).isEqualTo(401);
                assertThat(send("POST", base + "/admin/jobs/partitions/run", "wrong").statusCode()).isEqualTo(403);
                assertThat(send("POST", base + "/admin/jobs/nope/run", TOKEN).statusCode()).isEqualTo(404);

                HttpResponse<String> started = send("POST", base + "/admin/jobs/partitions/run", TOKEN);
                assertThat(started.statusCode()).isEqualTo(202);
                long runId = JSON.readTree(started.body()).get("runId").asLong();
                await().atMost(Duration.ofSeconds(20)).until(() ->
                        db.queryLong("SELECT count(*) FROM job_runs WHERE id = " + runId + " AND status = 'succeeded'") == 1);
                // the dropped partition two days ahead was recreated
                assertThat(db.queryLong("SELECT count(*) FROM pg_class WHERE relname = 'traffic_events_p"
                        + java.time.LocalDate.now(java.time.ZoneOffset.UTC).plusDays(2).toString().replace("-", "") + "'")).isEqualTo(1);

                HttpResponse<String> prune = send("POST", base + "/admin/jobs/snapshot-prune/run", TOKEN);
                long pruneId = JSON.readTree(prune.body()).get("runId").asLong();
                await().atMost(Duration.ofSeconds(20)).until(() ->
                        db.queryLong("SELECT count(*) FROM job_runs WHERE id = " + pruneId + " AND status = 'succeeded'") == 1);
                assertThat(db.queryLong("SELECT count(*) FROM path_snapshots")).isEqualTo(5);
                assertThat(db.queryLong("SELECT rows FROM job_runs WHERE id = " + pruneId)).isEqualTo(3);

                JsonNode jobs = JSON.readTree(send("GET", base + "/admin/jobs", TOKEN).body()).get("jobs");
                assertThat(jobs).hasSize(5);
                JsonNode partitions = jobs.get(3);
                assertThat(partitions.get("job").asText()).isEqualTo("partitions");
                assertThat(partitions.get("nextFire").asText()).isNotBlank();
                assertThat(partitions.at("/lastRun/status").asText()).isEqualTo("succeeded");
                assertThat(jobs.get(0).get("schedule").asText()).isEqualTo("0 0 2 * * ? (UTC)");

                JsonNode runs = JSON.readTree(send("GET", base + "/admin/jobs/runs?job=snapshot-prune", TOKEN).body()).get("runs");
                assertThat(runs).hasSize(1);
                assertThat(runs.get(0).get("trigger").asText()).isEqualTo("manual");
                assertThat(health.report().checks().get("scheduler").up()).isTrue();
                assertThat(health.report().checks().get("s3").up()).isTrue();

                assertThat(send("GET", base + "/admin/storage", null).statusCode()).isEqualTo(401);
                JsonNode storage = JSON.readTree(send("GET", base + "/admin/storage", TOKEN).body());
                assertThat(storage.at("/tableBytes/traffic_events").asLong()).isPositive();
                assertThat(storage.get("partitions").size()).isGreaterThanOrEqualTo(12);
                assertThat(storage.at("/archive/objects").asLong()).isZero();

                HttpResponse<String> monitor = send("POST", base + "/admin/jobs/monitor/run", TOKEN);
                long monitorId = JSON.readTree(monitor.body()).get("runId").asLong();
                await().atMost(Duration.ofSeconds(20)).until(() ->
                        db.queryLong("SELECT count(*) FROM job_runs WHERE id = " + monitorId + " AND status = 'succeeded'") == 1);
                assertThat(registry.scrape()).contains("pathstats_storage_bytes{table=\"traffic_events\"}")
                        .contains("pathstats_archive_unarchived_days 1.0"); // the empty partition of 4 days ago is past retention, not archived
            }
        }
    }

    private HttpResponse<String> send(String method, String url, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).method(method, HttpRequest.BodyPublishers.noBody());
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
