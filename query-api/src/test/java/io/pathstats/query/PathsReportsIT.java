package io.pathstats.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pathstats.common.stats.PathStat;
import io.pathstats.common.stats.SnapshotCodec;
import io.pathstats.testing.TestDatabase;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** /paths/timeseries and /paths/compare over HTTP on a real PostgreSQL. */
class PathsReportsIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void timeseriesAndCompareReport() throws Exception {
        try (TestDatabase db = TestDatabase.migrated()) {
            // /a: three hours, two proxies; 95% of its latencies under 20 ms in the current hour
            db.execute("INSERT INTO path_stats_hourly (route, proxy_id, hour_bucket, requests, errors, client_errors, latency_count, "
                    + "latency_sum, latency_max, last_seen, lat_b03, lat_b07) VALUES "
                    + "('/a', 'p1', date_trunc('hour', now()), 100, 2, 0, 100, 2000, 150, now(), 95, 5), "
                    + "('/a', 'p2', date_trunc('hour', now()), 20, 1, 0, 0, 0, NULL, now(), 0, 0), "
                    + "('/a', 'p1', date_trunc('hour', now()) - interval '1 hour', 50, 0, 0, 0, 0, NULL, now(), 0, 0), "
                    + "('/a', 'p1', date_trunc('hour', now()) - interval '30 hours', 7, 0, 0, 0, 0, NULL, now(), 0, 0), "
                    + "('/b', 'p1', date_trunc('hour', now()), 40, 0, 0, 0, 0, NULL, now(), 0, 0)");
            try (RunningApi api = RunningApi.start(QueryApiConfig.of(Duration.ofMinutes(10), Duration.ofMillis(200)), db.dataSource(), "")) {
                String base = api.base();

                JsonNode series = get(base + "/paths/timeseries?path=/a", 200);
                assertThat(series.get("data")).hasSize(2); // the last 24 h by default: not the point 30 h back
                JsonNode now = series.get("data").get(1);
                assertThat(now.get("requests").asLong()).isEqualTo(120);
                assertThat(now.get("errors").asLong()).isEqualTo(3);
                assertThat(now.get("p95LatencyMs").asDouble()).isBetween(5.0, 20.0);
                assertThat(get(base + "/paths/timeseries?path=/a&proxyId=p2", 200).at("/data/0/requests").asLong()).isEqualTo(20);
                assertThat(get(base + "/paths/timeseries?path=/a&from=" + Instant.now().minus(Duration.ofHours(48)), 200).get("data")).hasSize(3);
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
                            new PathStat("/a", "p1", 200, 0, 0, null, null, null, null, Instant.now()),
                            new PathStat("/a", "p2", 20, 1, 0, null, null, null, null, Instant.now()),
                            new PathStat("/c", "p1", 5, 0, 0, null, null, null, null, Instant.now()))));
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
