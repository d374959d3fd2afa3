package io.pathstats.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pathstats.common.stats.PathStat;
import io.pathstats.common.stats.SnapshotCodec;
import io.pathstats.testing.SketchLiteral;
import io.pathstats.testing.TestDatabase;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.assertj.core.data.Percentage;
import org.junit.jupiter.api.Test;

/** /paths/timeseries and /paths/compare over HTTP on a real PostgreSQL. */
class PathsReportsIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void timeseriesAndCompareReport() throws Exception {
        try (TestDatabase db = TestDatabase.migrated()) {
            // /a: three hours, two proxies; in the current hour 95 latencies of 7 ms and 5 of 150 ms
            db.execute("INSERT INTO path_stats_hourly (route, proxy_id, hour_bucket, requests, errors, client_errors, latency_count, "
                    + "latency_sum_us, latency_max_us, last_seen, latency_sketch) VALUES "
                    + "('/a', 'p1', date_trunc('hour', now()), 100, 2, 0, 100, 1415000, 150000, now(), " + SketchLiteral.of(7_000, 95, 150_000, 5)
                    + "), ('/a', 'p2', date_trunc('hour', now()), 20, 1, 0, 0, 0, NULL, now(), '{}'), "
                    + "('/a', 'p1', date_trunc('hour', now()) - interval '1 hour', 50, 0, 0, 0, 0, NULL, now(), '{}'), "
                    + "('/a', 'p1', date_trunc('hour', now()) - interval '30 hours', 7, 0, 0, 0, 0, NULL, now(), '{}'), "
                    + "('/b', 'p1', date_trunc('hour', now()), 40, 0, 0, 0, 0, NULL, now(), '{}')");
            try (RunningApi api = RunningApi.start(QueryApiConfig.of(Duration.ofMinutes(10), Duration.ofMillis(200)), db.dataSource(), "")) {
                String base = api.base();

                JsonNode series = get(base + "/paths/timeseries?path=/a", 200);
                // the last 24 h by default, every hour present: the hours 24 h back to the current one, not the point 30 h back
                JsonNode data = series.get("data");
                assertThat(data).hasSize(25);
                assertThat(data.findValues("requests").stream().mapToLong(JsonNode::asLong).sum()).isEqualTo(170);
                JsonNode now = data.get(24);
                assertThat(now.get("requests").asLong()).isEqualTo(120);
                assertThat(now.get("errors").asLong()).isEqualTo(3);
                assertThat(now.get("p50LatencyMs").asDouble()).isCloseTo(7.0, Percentage.withPercentage(1));
                assertThat(now.get("p95LatencyMs").asDouble()).isCloseTo(7.0, Percentage.withPercentage(1));
                assertThat(now.get("p99LatencyMs").asDouble()).isCloseTo(150.0, Percentage.withPercentage(1));
                assertThat(now.get("maxLatencyMs").asDouble()).isEqualTo(150.0);
                assertThat(data.get(23).get("requests").asLong()).isEqualTo(50);
                assertThat(data.get(0).get("requests").asLong()).isZero();
                assertThat(data.get(0).get("p95LatencyMs").isNull()).isTrue();
                assertThat(get(base + "/paths/timeseries?path=/a&proxyId=p2", 200).at("/data/24/requests").asLong()).isEqualTo(20);
                assertThat(get(base + "/paths/timeseries?path=/a&from=" + Instant.now().minus(Duration.ofHours(48)), 200).get("data")).hasSize(49);
                assertThat(get(base + "/paths/timeseries?path=/a&window=7d", 400).at("/error/message").asText()).contains("unknown query parameter");
                assertThat(get(base + "/paths/timeseries", 400).at("/error/message").asText()).contains("route");
                assertThat(get(base + "/paths/timeseries?path=/a&from=yesterday", 400).at("/error/message").asText()).contains("from");
                assertThat(get(base + "/paths/timeseries?path=/a&from=2020-01-01T00:00:00Z", 400).at("/error/message").asText())
                        .contains("31 days");

                // no snapshot: both sides read the aggregates and agree
                JsonNode same = get(base + "/paths/compare", 200);
                assertThat(same.get("accuracy").asDouble()).isEqualTo(100.0);
                assertThat(same.get("totalPaths").asInt()).isEqualTo(3);

                // a snapshot that drifted: /a p1 off by more than 1%, /b missing from it, /c only in it
                try (var c = db.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement("INSERT INTO path_snapshots "
                        + "(window_start, window_end, path_count, build_ms, payload) VALUES (now(), now(), 3, 1, ?)")) {
                    ps.setBytes(1, SnapshotCodec.encode(List.of(
                            new PathStat("/a", "p1", 200, 0, 0, null, null, Instant.now()),
                            new PathStat("/a", "p2", 20, 1, 0, null, null, Instant.now()),
                            new PathStat("/c", "p1", 5, 0, 0, null, null, Instant.now()))));
                    ps.executeUpdate();
                }
                org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                    JsonNode drift = get(base + "/paths/compare", 200);
                    assertThat(drift.get("matchedPaths").asInt()).isEqualTo(1);
                    assertThat(drift.get("totalPaths").asInt()).isEqualTo(4);
                    assertThat(drift.get("accuracy").asDouble()).isEqualTo(25.0);
                    assertThat(drift.findValuesAsText("issue")).containsExactlyInAnyOrder("count_mismatch", "missing_in_new", "missing_in_legacy");
                });
                assertThat(get(base + "/paths/compare?top=0", 400).at("/error/message").asText()).contains("top");
            }
        }
    }

    private JsonNode get(String url, int expectedStatus) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(expectedStatus);
        return JSON.readTree(r.body());
    }
}
