package io.pathstats.pipeline.hourly;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.pathstats.common.db.DataSources;
import io.pathstats.common.latency.LatencySketch;
import io.pathstats.common.stats.PathStat;
import io.pathstats.common.stats.PathStatsQuery;
import io.pathstats.common.stats.StatsWindow;
import io.pathstats.migrations.SchemaMigrator;
import io.pathstats.testing.SharedInfrastructure;
import io.pathstats.testing.TestDatabase;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Random;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/** The SQL side of the latency sketch (migration V8) against the Java side, on a real PostgreSQL. */
class LatencySketchSqlIT {

    @Test
    void theSqlFunctionBinsEveryLatencyAsTheJavaSideDoes() {
        try (TestDatabase db = TestDatabase.migrated()) {
            // 1 µs .. 100 ms one by one, then 100,000 random latencies up to an hour: the count of disagreements
            db.execute("CREATE TABLE probe (us bigint, java_bin bigint)");
            StringBuilder values = new StringBuilder();
            Random r = new Random(3);
            for (int i = 0; i < 100_000; i++) {
                long us = 1 + (long) Math.exp(r.nextDouble() * Math.log(3_600_000_000.0));
                values.append(i == 0 ? "" : ",").append('(').append(us).append(',').append(LatencySketch.bin(us)).append(')');
            }
            db.execute("INSERT INTO probe VALUES " + values);
            StringBuilder sequential = new StringBuilder();
            for (long us = 0; us <= 100_000; us++) {
                sequential.append(us == 0 ? "" : ",").append('(').append(us).append(',').append(LatencySketch.bin(us)).append(')');
            }
            db.execute("INSERT INTO probe VALUES " + sequential);
            assertThat(db.queryLong("SELECT count(*) FROM probe WHERE latency_bin(us) <> java_bin")).isZero();
            assertThat(db.queryLong("SELECT latency_bin(3600000000)")).isEqualTo(1101);
        }
    }

    @Test
    void mergingAddsTheCountsOfEqualBinsAndKeepsThemSorted() {
        try (TestDatabase db = TestDatabase.migrated()) {
            long a = LatencySketch.pack(5, 2);
            long b = LatencySketch.pack(9, 1);
            long c = LatencySketch.pack(7, 4);
            long d = LatencySketch.pack(9, 3);
            assertThat(db.queryString("SELECT latency_sketch_merge(ARRAY[" + a + "," + b + "]::bigint[], ARRAY[" + c + "," + d + "]::bigint[])::text"))
                    .isEqualTo("{" + a + "," + c + "," + LatencySketch.pack(9, 4) + "}");
            assertThat(db.queryString("SELECT latency_sketch_merge('{}', '{}')::text")).isEqualTo("{}");
            // a few bins into many (the binary-search path), either way round, against the walk over both
            Random r = new Random(11);
            for (int round = 0; round < 200; round++) {
                java.util.TreeMap<Integer, Long> many = new java.util.TreeMap<>();
                java.util.TreeMap<Integer, Long> few = new java.util.TreeMap<>();
                for (int i = 0; i < 40 + r.nextInt(100); i++) {
                    many.merge(r.nextInt(300), 1L + r.nextInt(9), Long::sum);
                }
                for (int i = 0; i < 1 + r.nextInt(4); i++) {
                    few.merge(r.nextInt(302), 1L + r.nextInt(9), Long::sum);
                }
                java.util.TreeMap<Integer, Long> sum = new java.util.TreeMap<>(many);
                few.forEach((bin, n) -> sum.merge(bin, n, Long::sum));
                String expected = literal(sum);
                assertThat(db.queryString("SELECT latency_sketch_merge('" + literal(many) + "', '" + literal(few) + "')::text")).isEqualTo(expected);
                assertThat(db.queryString("SELECT latency_sketch_merge('" + literal(few) + "', '" + literal(many) + "')::text")).isEqualTo(expected);
            }
            assertThat(db.queryString("SELECT latency_sketch_sum(s)::text FROM (VALUES (ARRAY[" + a + "]::bigint[]), (ARRAY[" + a + "]::bigint[])) v(s)"))
                    .isEqualTo("{" + LatencySketch.pack(5, 4) + "}");
        }
    }

    private static String literal(java.util.Map<Integer, Long> bins) {
        return bins.entrySet().stream().map(e -> Long.toString(LatencySketch.pack(e.getKey(), e.getValue())))
                .collect(java.util.stream.Collectors.joining(",", "{", "}"));
    }

    /** A database at V7 with rows of the fixed buckets, migrated: nothing lost, percentiles readable and flagged coarse. */
    @Test
    void rowsOfTheFixedBucketsSurviveTheMigrationFlaggedCoarse() throws Exception {
        try (HikariDataSource ds = DataSources.create(SharedInfrastructure.newDatabase(), "test")) {
            Flyway.configure().dataSource(ds).locations("classpath:db/migration").target("7").load().migrate();
            Instant hour = Instant.now().truncatedTo(ChronoUnit.HOURS);
            try (Connection c = ds.getConnection(); var st = c.createStatement()) {
                st.execute("INSERT INTO traffic_events (occurred_at, event_id, path, proxy_id, method, status, latency_ms, route) "
                        + "VALUES ('" + hour + "', 'old-1', '/a', 'edge', 'GET', 200, 42, '/a'), ('" + hour + "', 'old-2', '/a', 'edge', 'GET', 200, NULL, '/a')");
                // 90 requests in [5, 10) ms, 10 in [200, 500) ms
                st.execute("INSERT INTO path_stats_hourly (route, proxy_id, hour_bucket, requests, errors, client_errors, latency_count, "
                        + "latency_sum, latency_max, last_seen, lat_b03, lat_b08) VALUES ('/a', 'edge', '" + hour + "', 100, 1, 2, 100, 3500, 480, now(), 90, 10), "
                        + "('/b', 'edge', '" + hour + "', 5, 0, 0, 0, 0, NULL, now(), 0, 0)");
            }
            SchemaMigrator.migrate(ds);
            try (Connection c = ds.getConnection(); var st = c.createStatement()) {
                var rs = st.executeQuery("SELECT string_agg(coalesce(latency_us::text, 'null'), ',' ORDER BY event_id) FROM traffic_events");
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("42000,null");
                List<PathStat> stats = PathStatsQuery.aggregate(c, StatsWindow.last(Duration.ofHours(1), Instant.now()), PathStatsQuery.Filter.ALL);
                PathStat a = stats.stream().filter(s -> s.route().equals("/a")).findFirst().orElseThrow();
                assertThat(a.requestCount()).isEqualTo(100);
                assertThat(a.errorCount()).isEqualTo(1);
                assertThat(a.clientErrorCount()).isEqualTo(2);
                assertThat(a.avgLatencyMs()).isEqualTo(35.0);
                assertThat(a.latencies().coarse()).isTrue();
                assertThat(a.latencies().maxMs()).isEqualTo(480.0);
                assertThat(a.latencies().p50Ms()).as("the middle of [5, 10) ms").isBetween(7.4, 7.6);
                assertThat(a.latencies().p95Ms()).as("the middle of [200, 500) ms").isBetween(346.0, 354.0);
                PathStat b = stats.stream().filter(s -> s.route().equals("/b")).findFirst().orElseThrow();
                assertThat(b.requestCount()).isEqualTo(5);
                assertThat(b.latencies()).isEqualTo(PathStat.Latencies.NONE);
            }
        }
    }
}
