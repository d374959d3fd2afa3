package io.pathstats.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.pathstats.embedded.FreePorts;
import io.pathstats.testing.TestDatabase;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Canary routing, migration config and phases over HTTP on a real PostgreSQL. */
class CanaryIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "canary-token";
    private final HttpClient http = HttpClient.newHttpClient();
    private final TestDatabase db = TestDatabase.migrated();

    @AfterEach
    void tearDown() {
        db.close();
    }

    private void seedAggregates() {
        db.execute("INSERT INTO path_stats_hourly (route, proxy_id, hour_bucket, requests, errors, client_errors, latency_count, latency_sum_us, "
                + "latency_max_us, last_seen) VALUES ('/a', 'p1', date_trunc('hour', now()), 120, 3, 0, 120, 1500, 90, now()), "
                + "('/b', 'p1', date_trunc('hour', now()), 40, 0, 1, 40, 400, 20, now())");
    }

    private RunningApi start(Optional<URI> legacyUrl) {
        return RunningApi.start(new QueryApiConfig(Duration.ofMinutes(10), Duration.ofMillis(300), legacyUrl, Duration.ofMillis(500),
                List.of()), db.dataSource(), TOKEN);
    }

    @Test
    void configIsValidatedAuditedSharedAcrossInstancesAndRoutesRequests() throws Exception {
        seedAggregates();
        try (RunningApi a = start(Optional.empty()); RunningApi b = start(Optional.empty())) {
            JsonNode initial = getJson(a.base() + "/paths/migration-config");
            assertThat(initial.get("phase").asText()).isEqualTo("NEW_PREFERRED");
            assertThat(getJson(a.base() + "/paths").at("/metadata/route").asText()).isEqualTo("new");

            assertThat(put(a, "{\"phase\":\"LEGACY_ONLY\"}", null).statusCode()).isEqualTo(401);
            assertThat(put(a, "{\"phase\":\"LEGACY_ONLY\"}", "nope").statusCode()).isEqualTo(403);
            assertBadRequest(put(a, "{\"newApiPercentage\":101}", TOKEN), "newApiPercentage");
            assertBadRequest(put(a, "{\"newApiPercentage\":50,\"colour\":\"red\"}", TOKEN), "colour");
            assertBadRequest(put(a, "{\"forceNewApiIps\":[\"1.2.3.999\"]}", TOKEN), "forceNewApiIps");
            assertBadRequest(put(a, "{\"phase\":\"NEW_ONLY\",\"newApiPercentage\":10}", TOKEN), "newApiPercentage");
            assertBadRequest(put(a, "{\"phase\":\"SOMETIMES\"}", TOKEN), "phase");
            assertBadRequest(put(a, "not json", TOKEN), "body");

            // rollback is one PUT; the other instance follows within the poll interval (well inside 5 s)
            HttpResponse<String> rollback = put(a, "{\"phase\":\"LEGACY_ONLY\"}", TOKEN);
            assertThat(rollback.statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(rollback.body()).get("newApiPercentage").asInt()).isZero();
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                    assertThat(getJson(b.base() + "/paths/migration-config").get("phase").asText()).isEqualTo("LEGACY_ONLY"));
            JsonNode legacy = getJson(b.base() + "/paths");
            assertThat(legacy.at("/metadata/route").asText()).isEqualTo("legacy");
            assertThat(legacy.at("/metadata/dataSource").asText()).isEqualTo("legacy");
            assertThat(legacy.at("/data/0/requestCount").asLong()).isEqualTo(120);
            assertThat(db.queryLong("SELECT count(*) FROM paths_migration_config_audit WHERE old_value->>'phase' = 'NEW_PREFERRED' "
                    + "AND new_value->>'phase' = 'LEGACY_ONLY' AND changed_by LIKE 'admin@%'")).isEqualTo(1);

            // force-new beats the percentage for this client (loopback)
            String me = "127.0.0.1"; // this test's requests come over IPv4 loopback
            assertThat(put(a, "{\"forceNewApiIps\":[\"" + me + "\"]}", TOKEN).statusCode()).isEqualTo(200);
            assertThat(getJson(a.base() + "/paths").at("/metadata/route").asText()).isEqualTo("new");
            HttpResponse<String> forcedOld = put(a, "{\"forceOldApiIps\":[\"" + me + "\"]}", TOKEN);
            assertThat(forcedOld.statusCode()).isEqualTo(200);
            assertThat(getJson(a.base() + "/paths").at("/metadata/route").asText()).as("force-old beats force-new").isEqualTo("legacy");

            // SHADOW: the client sees legacy, every request is also compared on the new path
            assertThat(put(a, "{\"phase\":\"SHADOW\",\"comparisonEveryN\":1,\"forceOldApiIps\":[],\"forceNewApiIps\":[]}", TOKEN).statusCode()).isEqualTo(200);
            for (int i = 0; i < 5; i++) {
                assertThat(getJson(a.base() + "/paths").at("/metadata/route").asText()).isEqualTo("legacy");
            }
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                JsonNode status = getJson(a.base() + "/paths/migration-status");
                assertThat(status.at("/comparisons/total").asLong()).isGreaterThanOrEqualTo(5);
                assertThat(status.at("/comparisons/passRate").asDouble()).isEqualTo(1.0);
                assertThat(status.at("/legacy/hits").asLong()).isGreaterThanOrEqualTo(5);
            });
        }
    }

    @Test
    void legacyUpstreamDownIsA502InLegacyOnlyAndNewPreferredFallsBackWhenTheNewPathFails() throws Exception {
        seedAggregates();
        int deadPort = FreePorts.pick();
        try (RunningApi down = start(Optional.of(URI.create("http://127.0.0.1:" + deadPort)))) {
            assertThat(put(down, "{\"phase\":\"LEGACY_ONLY\"}", TOKEN).statusCode()).isEqualTo(200);
            HttpResponse<String> r = get(down.base() + "/paths");
            assertThat(r.statusCode()).isEqualTo(502);
            assertThat(JSON.readTree(r.body()).at("/error/message").asText()).contains("legacy read path failed");
        }

        HttpServer upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        upstream.createContext("/paths", exchange -> {
            byte[] body = ("{\"success\":true,\"data\":[{\"path\":\"/from-legacy\",\"proxyId\":\"x\",\"requestCount\":7,\"errorCount\":0,"
                    + "\"errorRate\":0.0,\"avgLatencyMs\":1.0,\"p95LatencyMs\":2.0,\"lastAccessed\":\"2026-01-01T00:00:00Z\"}],"
                    + "\"pagination\":{\"page\":1,\"limit\":50,\"total\":1,\"totalPages\":1,\"hasNext\":false,\"hasPrev\":false}}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        upstream.start();
        try (RunningApi api = start(Optional.of(URI.create("http://127.0.0.1:" + upstream.getAddress().getPort())))) {
            assertThat(put(api, "{\"phase\":\"NEW_PREFERRED\"}", TOKEN).statusCode()).isEqualTo(200);
            db.execute("ALTER TABLE path_stats_hourly RENAME TO path_stats_hourly_away"); // the new path now fails
            JsonNode fallback = getJson(api.base() + "/paths");
            assertThat(fallback.at("/metadata/dataSource").asText()).isEqualTo("legacy");
            assertThat(fallback.at("/data/0/path").asText()).isEqualTo("/from-legacy");
            assertThat(getJson(api.base() + "/paths/migration-status").get("fallbacks").asLong()).isEqualTo(1);

            assertThat(put(api, "{\"phase\":\"NEW_ONLY\"}", TOKEN).statusCode()).isEqualTo(200);
            assertThat(get(api.base() + "/paths").statusCode()).isEqualTo(503);
        } finally {
            upstream.stop(0);
        }
    }

    private void assertBadRequest(HttpResponse<String> r, String field) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(JSON.readTree(r.body()).at("/error/message").asText()).contains(field);
    }

    private HttpResponse<String> put(RunningApi api, String body, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(api.base() + "/paths/migration-config"))
                .PUT(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json");
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode getJson(String url) throws Exception {
        HttpResponse<String> r = get(url);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }
}
