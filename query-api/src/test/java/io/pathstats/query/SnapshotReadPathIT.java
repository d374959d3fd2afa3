package io.pathstats.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pathstats.common.stats.PathStat;
import io.pathstats.common.stats.SnapshotCodec;
import io.pathstats.testing.TestDatabase;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The new read path on a real PostgreSQL: snapshot, stale-while-revalidate, and the SQL fallback. */
class SnapshotReadPathIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void servesSnapshotsIncludingStaleOnesAndFallsBackToSqlWithoutOne() throws Exception {
        try (TestDatabase db = TestDatabase.migrated()) {
            db.execute("INSERT INTO path_stats_hourly (route, proxy_id, hour_bucket, requests, errors, client_errors, latency_count, "
                    + "latency_sum_us, last_seen) SELECT '/sql/' || i, 'p', date_trunc('hour', now()), 1000 - i, 0, 0, 0, 0, now() "
                    + "FROM generate_series(1, 30) i");
            try (RunningApi api = RunningApi.start(QueryApiConfig.of(Duration.ofMinutes(10), Duration.ofMillis(200)), db.dataSource(), "")) {
                String base = api.base();

                // no snapshot: SQL, with a correct total on every page
                JsonNode sql = get(base + "/paths?limit=7&page=5");
                assertThat(sql.at("/metadata/dataSource").asText()).isEqualTo("database");
                assertThat(sql.at("/pagination/total").asLong()).isEqualTo(30);
                assertThat(sql.get("data")).hasSize(2);
                assertThat(get(base + "/paths?limit=7&page=9").at("/pagination/total").asLong()).isEqualTo(30);

                // an empty snapshot is no answer either
                insertSnapshot(db, Instant.now(), List.of());
                await().pollDelay(Duration.ofMillis(600)).atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                        assertThat(get(base + "/paths").at("/metadata/dataSource").asText()).isEqualTo("database"));

                // a snapshot 20 minutes old (max age 10) is still served, with its age, while a refresh runs
                long stale = insertSnapshot(db, Instant.now().minus(Duration.ofMinutes(20)), stats("/snap/", 40));
                await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                    JsonNode r = get(base + "/paths?q=SNAP&limit=5");
                    assertThat(r.at("/metadata/dataSource").asText()).isEqualTo("snapshot");
                    assertThat(r.at("/metadata/version").asLong()).isEqualTo(stale);
                    assertThat(r.at("/metadata/ageSeconds").asLong()).isGreaterThanOrEqualTo(1200);
                    assertThat(r.at("/pagination/total").asLong()).isEqualTo(40);
                });

                // a newer version is picked up within the poll interval
                long fresh = insertSnapshot(db, Instant.now(), stats("/fresh/", 3));
                await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                        assertThat(get(base + "/paths").at("/metadata/version").asLong()).isEqualTo(fresh));

                // the table emptied: back to SQL
                db.execute("DELETE FROM path_snapshots");
                await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                        assertThat(get(base + "/paths").at("/metadata/dataSource").asText()).isEqualTo("database"));
            }
        }
    }

    private static List<PathStat> stats(String prefix, int n) {
        List<PathStat> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new PathStat(prefix + i, "p", 500 - i, 1, 0, 10.0, new PathStat.Latencies(8.0, 15.0, 20.0, 30.0, 40.0, false), Instant.now()));
        }
        return out;
    }

    private static long insertSnapshot(TestDatabase db, Instant createdAt, List<PathStat> stats) throws Exception {
        try (Connection c = db.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO path_snapshots (created_at, window_start, window_end, path_count, "
                     + "build_ms, payload) VALUES (?, ?, ?, ?, 1, ?) RETURNING version")) {
            ps.setTimestamp(1, Timestamp.from(createdAt));
            ps.setTimestamp(2, Timestamp.from(createdAt.minus(Duration.ofHours(24))));
            ps.setTimestamp(3, Timestamp.from(createdAt));
            ps.setInt(4, stats.size());
            ps.setBytes(5, SnapshotCodec.encode(stats));
            try (var rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private JsonNode get(String url) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }
}
