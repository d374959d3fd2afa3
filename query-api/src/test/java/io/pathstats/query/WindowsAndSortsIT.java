package io.pathstats.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pathstats.common.stats.PathOrder;
import io.pathstats.common.stats.PathStat;
import io.pathstats.common.stats.StatsWindow;
import io.pathstats.pipeline.PipelineConfig;
import io.pathstats.pipeline.PipelineMetrics;
import io.pathstats.pipeline.hourly.DailyRollup;
import io.pathstats.pipeline.snapshot.SnapshotWriter;
import io.pathstats.query.paths.PathsReader;
import io.pathstats.query.paths.PathsRequest;
import io.pathstats.testing.SketchLiteral;
import io.pathstats.testing.TestDatabase;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * /paths over every window and every order on a real PostgreSQL, against statistics computed here
 * from the seeded aggregate rows: from the snapshot (the default window), from SQL (the daily rollup
 * and the hours beside it; the default window without a snapshot) and the exact legacy path.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WindowsAndSortsIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Hours back from the current hour that each (route, proxy) has traffic in: within 1 h, 6 h, a day, a week, 30 and 90 days, beyond. */
    private static final int[] HOURS_BACK = {0, 3, 12, 30, 3 * 24 + 5, 10 * 24, 40 * 24, 100 * 24};
    /** Each route's one latency, in microseconds: its every percentile. */
    private static final long[] LATENCY_US = {5_000, 70_000, 3_000, 900_000, 15_000, 250};

    private final HttpClient http = HttpClient.newHttpClient();
    private final Instant now = Instant.now();
    private final List<Seed> seeds = new ArrayList<>();
    private TestDatabase db;
    private RunningApi api;

    private record Seed(String route, String proxy, Instant hour, long requests, long errors, long clientErrors, long latencyUs,
                        Instant lastSeen) {
    }

    @BeforeAll
    void seed() throws Exception {
        db = TestDatabase.migrated();
        Instant currentHour = now.truncatedTo(ChronoUnit.HOURS);
        StringBuilder values = new StringBuilder();
        for (int r = 0; r < LATENCY_US.length; r++) {
            for (int p = 0; p < 2; p++) {
                for (int h = 0; h < HOURS_BACK.length; h++) {
                    Instant hour = currentHour.minus(Duration.ofHours(HOURS_BACK[h]));
                    long requests = (r + 1) * 10L + p * 7 + h * 3 + (r == 2 && h == 5 ? 500 : 0);
                    Seed s = new Seed("/r" + r, "p" + (p + 1), hour, requests, (r * 5 + h + p) % 9, r % 3 + h % 2, LATENCY_US[r],
                            hour.plusSeconds(60 * r + p));
                    seeds.add(s);
                    values.append(values.isEmpty() ? "" : ", ").append("('").append(s.route).append("', '").append(s.proxy).append("', '")
                            .append(s.hour).append("', ").append(s.requests).append(", ").append(s.errors).append(", ").append(s.clientErrors)
                            .append(", ").append(s.requests).append(", ").append(s.requests * s.latencyUs).append(", ").append(s.latencyUs)
                            .append(", '").append(s.lastSeen).append("', ").append(SketchLiteral.of(s.latencyUs, s.requests)).append(")");
                }
            }
        }
        db.execute("INSERT INTO path_stats_hourly (route, proxy_id, hour_bucket, requests, errors, client_errors, latency_count, "
                + "latency_sum_us, latency_max_us, last_seen, latency_sketch) VALUES " + values);
        new DailyRollup(db.dataSource()).rollDue(now);
        api = RunningApi.start(QueryApiConfig.of(Duration.ofMinutes(10), Duration.ofMillis(200)), db.dataSource(), "");
    }

    @AfterAll
    void tearDown() {
        api.close();
        db.close();
    }

    /** The statistics of a window as the seeds say, sorted as asked. */
    private List<PathStat> expected(StatsWindow window, PathOrder order) {
        Map<String, PathStat> byRoute = new HashMap<>();
        for (Seed s : seeds) {
            if (s.hour.isBefore(window.start()) || !s.hour.isBefore(window.end())) {
                continue;
            }
            double ms = s.latencyUs / 1000.0;
            PathStat one = new PathStat(s.route, s.proxy, s.requests, s.errors, s.clientErrors, ms,
                    new PathStat.Latencies(ms, ms, ms, ms, ms, false), s.lastSeen);
            byRoute.merge(s.route + " " + s.proxy, one, (a, b) -> new PathStat(a.route(), a.proxyId(), a.requestCount() + b.requestCount(),
                    a.errorCount() + b.errorCount(), a.clientErrorCount() + b.clientErrorCount(), ms, a.latencies(),
                    a.lastAccessed().isAfter(b.lastAccessed()) ? a.lastAccessed() : b.lastAccessed()));
        }
        List<PathStat> out = new ArrayList<>(byRoute.values());
        out.sort(order.comparator());
        return out;
    }

    private JsonNode get(String query, int status) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(api.base() + "/paths?" + query)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("%s: %s", query, r.body()).isEqualTo(status);
        return JSON.readTree(r.body());
    }

    /** Every page of the answer, 5 rows each, checked against the expected rows and totals. */
    private void assertAnswers(String windowQuery, StatsWindow window, PathOrder order, String source) throws Exception {
        List<PathStat> expected = expected(window, order);
        String query = windowQuery + "&sort=" + order.sort().parameter() + "&order=" + (order.ascending() ? "asc" : "desc") + "&limit=5";
        List<String> got = new ArrayList<>();
        for (int page = 1; page <= (expected.size() + 4) / 5; page++) {
            JsonNode r = get(query + "&page=" + page, 200);
            assertThat(r.at("/metadata/dataSource").asText()).as(query).isEqualTo(source);
            assertThat(r.at("/pagination/total").asLong()).as(query).isEqualTo(expected.size());
            assertThat(r.at("/metadata/window/from").asText()).isEqualTo(window.start().toString());
            for (JsonNode row : r.get("data")) {
                got.add(row.get("route").asText() + " " + row.get("proxyId").asText());
                PathStat want = expected.get(got.size() - 1);
                assertThat(row.get("requestCount").asLong()).as("%s %s", query, got).isEqualTo(want.requestCount());
                assertThat(row.get("errorCount").asLong()).isEqualTo(want.errorCount());
                assertThat(row.get("clientErrorCount").asLong()).isEqualTo(want.clientErrorCount());
                assertThat(row.get("p95LatencyMs").asDouble()).isBetween(want.latencies().p95Ms() * 0.99, want.latencies().p95Ms() * 1.01);
                assertThat(row.get("maxLatencyMs").asDouble()).isEqualTo(want.latencies().maxMs());
                assertThat(row.get("lastAccessed").asText()).isEqualTo(want.lastAccessed().toString());
            }
        }
        assertThat(got).as(query).containsExactlyElementsOf(expected.stream().map(s -> s.route() + " " + s.proxyId()).toList());
    }

    private static List<PathOrder> everyOrder() {
        List<PathOrder> orders = new ArrayList<>();
        for (PathOrder.Sort sort : PathOrder.Sort.values()) {
            orders.add(new PathOrder(sort, false));
            orders.add(new PathOrder(sort, true));
        }
        return orders;
    }

    @Test
    void everyWindowAndOrderFromSqlAndTheDefaultWindowFromTheSnapshot() throws Exception {
        assertThat(db.queryLong("SELECT count(DISTINCT day) FROM path_stats_daily")).as("days the windows read from the rollup")
                .isGreaterThanOrEqualTo(3);
        for (Map.Entry<String, Duration> w : Map.of("1h", Duration.ofHours(1), "6h", Duration.ofHours(6), "7d", Duration.ofDays(7),
                "30d", Duration.ofDays(30)).entrySet()) {
            for (PathOrder order : everyOrder()) {
                assertAnswers("window=" + w.getKey(), StatsWindow.last(w.getValue(), now), order, "database");
            }
        }
        Instant from = now.minus(Duration.ofDays(89)).truncatedTo(ChronoUnit.HOURS);
        Instant to = now.minus(Duration.ofDays(2));
        StatsWindow range = StatsWindow.covering(from, to);
        assertAnswers("from=" + from + "&to=" + to, range, PathOrder.BY_REQUESTS, "database");
        assertAnswers("from=" + from + "&to=" + to, range, new PathOrder(PathOrder.Sort.P99, true), "database");
        for (PathOrder order : everyOrder()) {
            assertAnswers("window=24h", StatsWindow.last24Hours(now), order, "database");
        }

        try (SnapshotWriter writer = new SnapshotWriter(db.dataSource(), new PipelineConfig.SnapshotSettings(10, Duration.ofSeconds(5), 100_000,
                5), Clock.systemUTC(), new PipelineMetrics(new SimpleMeterRegistry()))) {
            writer.writeNow();
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> get("limit=1", 200).at("/metadata/dataSource").asText().equals("snapshot"));
        for (PathOrder order : everyOrder()) {
            assertAnswers("q=/", StatsWindow.last24Hours(now), order, "snapshot");
        }
        assertThat(get("window=7d&limit=1", 200).at("/metadata/dataSource").asText()).isEqualTo("database");
    }

    @Test
    void theExactLegacyPathAnswersEveryWindowAndOrderAlike() throws Exception {
        try (PathsReader reader = new PathsReader(null, db.dataSource(), Clock.systemUTC())) {
            for (PathOrder order : everyOrder()) {
                var request = PathsRequest.parse(Map.of("window", "7d", "sort", order.sort().parameter(), "order",
                        order.ascending() ? "asc" : "desc", "limit", "200", "proxyId", "p2"));
                List<String> got = reader.exactFromDatabase(request).data().stream().map(i -> i.route() + " " + i.proxyId()).toList();
                assertThat(got).as(order.toString()).containsExactlyElementsOf(expected(StatsWindow.last(Duration.ofDays(7), now), order).stream()
                        .filter(s -> s.proxyId().equals("p2")).map(s -> s.route() + " " + s.proxyId()).toList());
            }
        }
    }

    @Test
    void badWindowsAndOrdersAre400sNamingTheParameter() throws Exception {
        Map<String, String> bad = Map.of(
                "window=2d", "window",
                "window=7d&from=2026-11-01T00:00:00Z", "window",
                "to=2026-11-01T00:00:00Z", "from",
                "from=2026-11-02T00:00:00Z&to=2026-11-01T00:00:00Z", "from",
                "from=" + now.minus(Duration.ofDays(91)), "from",
                "from=yesterday", "from",
                "sort=latency", "sort",
                "order=up", "order",
                "windows=7d", "parameter");
        for (Map.Entry<String, String> b : bad.entrySet()) {
            JsonNode r = get(b.getKey().replace("+", URLEncoder.encode("+", StandardCharsets.UTF_8)), 400);
            assertThat(r.at("/error/code").asText()).as(b.getKey()).isEqualTo("invalid_" + b.getValue());
        }
    }
}
