package io.pathstats.bench.api;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.pathstats.common.config.HttpSettings;
import io.pathstats.common.ops.AdminAuth;
import io.pathstats.common.ops.HealthRegistry;
import io.pathstats.common.ops.HttpServer;
import io.pathstats.pipeline.PipelineConfig;
import io.pathstats.pipeline.PipelineMetrics;
import io.pathstats.pipeline.hourly.DailyRollup;
import io.pathstats.pipeline.snapshot.SnapshotWriter;
import io.pathstats.query.QueryApiConfig;
import io.pathstats.query.QueryApiService;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import javax.sql.DataSource;

/**
 * {@code pathstats bench api}: 8 days of aggregates for N paths, rolled up by the pipeline's daily
 * rollup, a snapshot written by its snapshot writer, and a closed-loop load over loopback from wrk
 * (a second process) against (a) the snapshot path, (b) the SQL fallback (snapshot table emptied)
 * and (c) a 7-day window sorted by p95, beside an in-memory endpoint as the HTTP floor.
 */
public final class ApiBenchmark {
    private static final String TOP_PAGES = "/paths?limit=50&page={page}";
    private static final String WEEK_PAGES = "/paths?window=7d&sort=p95&limit=50&page={page}";
    /** Eight days: a 7-day window ending with the current hour touches eight calendar days. */
    private static final int HOURS = 8 * 24;
    private static final Duration WARM_UP = Duration.ofSeconds(5);
    private final DataSource dataSource;
    private final PrintStream out;

    public ApiBenchmark(DataSource dataSource, PrintStream out) {
        this.dataSource = dataSource;
        this.out = out;
    }

    /** One read path under load: as fast as it answers (throughput), and at a fixed rate (latency at that rate). */
    record Scenario(WrkLoad.Result saturated, WrkLoad.Result paced) {
        String json() {
            return "{" + saturated.jsonFields() + ",\"paced\":" + paced.json() + "}";
        }
    }

    public record Result(WrkLoad.Result floor, Scenario snapshot, Scenario fallback, Scenario week, long weekFirstAnswerMs) {
        public String json() {
            return "{\"bench\":\"api\",\"snapshot\":" + snapshot.json() + ",\"fallback\":" + fallback.json() + ",\"week\":"
                    + week.json() + ",\"weekFirstAnswerMs\":" + weekFirstAnswerMs + ",\"httpFloor\":" + floor.json() + "}";
        }
    }

    /**
     * @param connections concurrent connections of the load
     * @param rate        requests per second of the paced runs of the 24-hour list
     * @param weekRate    requests per second of the paced run over 7 days
     * @param duration    of each run
     */
    public Result run(int paths, int connections, double rate, double weekRate, Duration duration) throws Exception {
        WrkLoad load = WrkLoad.prepare(2);
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            long start = System.nanoTime();
            // a route's hour: most requests around a route-specific latency, a tail at 8x it (two bins of the sketch)
            st.execute("INSERT INTO path_stats_hourly (route, proxy_id, hour_bucket, requests, errors, client_errors, latency_count, "
                    + "latency_sum_us, latency_max_us, last_seen, latency_sketch) "
                    + "SELECT '/api/r' || (p % 40) || '/item/' || p, 'edge-' || (p % 3), date_trunc('hour', now()) - h * interval '1 hour', "
                    + "n, p % 7, 0, n, n * lat, 8 * lat, now(), "
                    + "ARRAY[(latency_bin(lat) << 40) | (n - n / 20), (latency_bin(8 * lat) << 40) | (n / 20)] "
                    + "FROM generate_series(1, " + paths + ") p, generate_series(0, " + (HOURS - 1) + ") h, "
                    + "LATERAL (SELECT 20 + 100000 / p AS n, 2000 + (p % 97) * 1000 AS lat) v");
            st.execute("VACUUM ANALYZE path_stats_hourly");
            out.printf(Locale.ROOT, "loaded %,d paths x %d h of aggregates in %.1f s%n", paths, HOURS, (System.nanoTime() - start) / 1e9);
        }
        long rollupStart = System.nanoTime();
        int days = new DailyRollup(dataSource).rollDue(Instant.now());
        out.printf(Locale.ROOT, "daily rollup of %d days in %.1f s%n", days, (System.nanoTime() - rollupStart) / 1e9);
        long start = System.nanoTime();
        PipelineConfig.SnapshotSettings settings = new PipelineConfig.SnapshotSettings(10, Duration.ofSeconds(5), 100_000, 5);
        try (SnapshotWriter writer = new SnapshotWriter(dataSource, settings, Clock.systemUTC(), new PipelineMetrics(new SimpleMeterRegistry()))) {
            writer.writeNow();
        }
        out.printf(Locale.ROOT, "snapshot of the last 24 h written in %.2f s%n", (System.nanoTime() - start) / 1e9);

        QueryApiService api = QueryApiService.start(QueryApiConfig.of(Duration.ofMinutes(10), Duration.ofMillis(500)), dataSource,
                new SimpleMeterRegistry(), new AdminAuth(""), Clock.systemUTC());
        try (api; HttpServer server = HttpServer.start(new HttpSettings("127.0.0.1", 0, ""), new HealthRegistry(),
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), List.of(api.routes()))) {
            String base = "http://127.0.0.1:" + server.port();
            waitFor(base + "/paths?limit=1", "snapshot");
            // the JIT compiles the request path during the first seconds; none of the scenarios should pay for it
            load.run(base, TOP_PAGES, 10, connections, 0, WARM_UP);
            out.printf(Locale.ROOT, "warm-up: %d s of load on both endpoints, not recorded%n", 2 * WARM_UP.toSeconds());
            load.run(base, "/paths/migration-config", 1, connections, 0, WARM_UP);
            WrkLoad.Result floor = load.run(base, "/paths/migration-config", 1, connections, 0, duration);
            report("baseline: GET /paths/migration-config (in memory, the HTTP floor), as fast as answered", floor);
            Scenario snapshot = scenario("snapshot: GET /paths?limit=50&page=1..10", load, base, connections, rate, duration);
            try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
                st.execute("DELETE FROM path_snapshots");
            }
            waitFor(base + "/paths?limit=1", "database");
            Scenario fallback = scenario("fallback: the same requests answered by SQL over path_stats_hourly", load, base, connections,
                    rate, duration);
            // the first request of the window computes its shared list; the load below reads it while it is fresh and
            // while it is rebuilt in the background
            long weekStart = System.nanoTime();
            waitFor(base + "/paths?limit=1&window=7d", "database");
            long weekListMs = (System.nanoTime() - weekStart) / 1_000_000;
            out.printf(Locale.ROOT, "week: the first GET /paths?window=7d (aggregating the daily rollup and hours) answered in %,d ms%n",
                    weekListMs);
            Scenario week = scenario("week: GET /paths?window=7d&sort=p95 (daily rollup and hours, shared list)", WEEK_PAGES, load, base,
                    connections, weekRate, duration);
            return new Result(floor, snapshot, fallback, week, weekListMs);
        }
    }

    private Scenario scenario(String what, WrkLoad load, String base, int connections, double rate, Duration duration) throws Exception {
        return scenario(what, TOP_PAGES, load, base, connections, rate, duration);
    }

    private Scenario scenario(String what, String pages, WrkLoad load, String base, int connections, double rate, Duration duration)
            throws Exception {
        WrkLoad.Result saturated = load.run(base, pages, 10, connections, 0, duration);
        report(what + ", as fast as answered", saturated);
        WrkLoad.Result paced = load.run(base, pages, 10, connections, rate, duration);
        report(String.format(Locale.ROOT, "%s, paced at %,.0f req/s", what, rate), paced);
        return new Scenario(saturated, paced);
    }

    private void report(String what, WrkLoad.Result r) {
        out.printf(Locale.ROOT, "%s: %,.0f req/s, p50 %.2f ms, p99 %.2f ms, %d errors%n", what, r.rps(), r.p50Ms(), r.p99Ms(), r.errors());
    }

    private static void waitFor(String url, String source) throws Exception {
        var http = java.net.http.HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            String body = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url)).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString()).body();
            if (body.contains("\"dataSource\":\"" + source + "\"")) {
                return;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException(url + " did not switch to " + source + " within 30 s");
    }
}
