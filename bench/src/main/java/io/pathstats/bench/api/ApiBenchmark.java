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
import io.pathstats.pipeline.snapshot.SnapshotWriter;
import io.pathstats.query.QueryApiConfig;
import io.pathstats.query.QueryApiService;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import javax.sql.DataSource;

/**
 * {@code pathstats bench api}: 48 h of aggregates for N paths, a snapshot written by the pipeline's
 * own snapshot writer, and a closed-loop load over loopback from wrk (a second process) against
 * (a) the snapshot path and (b) the SQL fallback (snapshot table emptied), beside an in-memory
 * endpoint as the HTTP floor.
 */
public final class ApiBenchmark {
    private static final String TOP_PAGES = "/paths?limit=50&page={page}";
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

    public record Result(WrkLoad.Result floor, Scenario snapshot, Scenario fallback) {
        public String json() {
            return "{\"bench\":\"api\",\"snapshot\":" + snapshot.json() + ",\"fallback\":" + fallback.json() + ",\"httpFloor\":"
                    + floor.json() + "}";
        }
    }

    /**
     * @param connections concurrent connections of the load
     * @param rate        requests per second of the paced runs
     * @param duration    of each run
     */
    public Result run(int paths, int connections, double rate, Duration duration) throws Exception {
        WrkLoad load = WrkLoad.prepare(2);
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            long start = System.nanoTime();
            st.execute("INSERT INTO path_stats_hourly (path, proxy_id, hour_bucket, requests, errors, client_errors, latency_count, "
                    + "latency_sum, latency_max, last_seen, lat_b04, lat_b06) "
                    + "SELECT '/api/r' || (p % 40) || '/item/' || p, 'edge-' || (p % 3), date_trunc('hour', now()) - h * interval '1 hour', "
                    + "1 + (100000 / p), p % 7, 0, 1 + (100000 / p), 30 * (1 + (100000 / p)), 90, now(), 1 + (100000 / p), 0 "
                    + "FROM generate_series(1, " + paths + ") p, generate_series(0, 47) h");
            st.execute("VACUUM ANALYZE path_stats_hourly");
            out.printf(Locale.ROOT, "loaded %,d paths x 48 h of aggregates in %.1f s%n", paths, (System.nanoTime() - start) / 1e9);
        }
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
            waitFor(base, "snapshot");
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
            waitFor(base, "database");
            Scenario fallback = scenario("fallback: the same requests answered by SQL over path_stats_hourly", load, base, connections,
                    rate, duration);
            return new Result(floor, snapshot, fallback);
        }
    }

    private Scenario scenario(String what, WrkLoad load, String base, int connections, double rate, Duration duration) throws Exception {
        WrkLoad.Result saturated = load.run(base, TOP_PAGES, 10, connections, 0, duration);
        report(what + ", as fast as answered", saturated);
        WrkLoad.Result paced = load.run(base, TOP_PAGES, 10, connections, rate, duration);
        report(String.format(Locale.ROOT, "%s, paced at %,.0f req/s", what, rate), paced);
        return new Scenario(saturated, paced);
    }

    private void report(String what, WrkLoad.Result r) {
        out.printf(Locale.ROOT, "%s: %,.0f req/s, p50 %.2f ms, p99 %.2f ms, %d errors%n", what, r.rps(), r.p50Ms(), r.p99Ms(), r.errors());
    }

    private static void waitFor(String base, String source) throws Exception {
        var http = java.net.http.HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            String body = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/paths?limit=1")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString()).body();
            if (body.contains("\"dataSource\":\"" + source + "\"")) {
                return;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("/paths did not switch to " + source + " within 30 s");
    }
}
