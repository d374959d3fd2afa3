package io.pathstats.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.pathstats.common.config.Env;
import io.pathstats.common.config.KafkaSettings;
import io.pathstats.common.ops.HealthRegistry;
import io.pathstats.common.route.RouteRule;
import io.pathstats.common.route.RouteRulesStore;
import io.pathstats.pipeline.PipelineConfig;
import io.pathstats.pipeline.PipelineService;
import io.pathstats.pipeline.reaggregate.HourRebuild;
import io.pathstats.testing.AggregateCheck;
import io.pathstats.testing.SharedInfrastructure;
import io.pathstats.testing.TestDatabase;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Re-aggregation under changed rules: every hour is rebuilt from its detail rows in one transaction
 * while the pipeline keeps writing into the same hours, so each hour is entirely old or entirely
 * new, and afterwards every (route, proxy, hour) equals its detail rows; the same when the command
 * is SIGKILLed half-way and run again. Producer-named routes are kept.
 */
class ReaggregateIT {
    @Test
    void hoursAreRebuiltUnderNewRulesWhileThePipelineWritesIntoThem(@TempDir Path dataDir) throws Exception {
        KafkaSettings kafka = SharedInfrastructure.newTopics(2);
        try (TestDatabase db = TestDatabase.migrated()) {
            PipelineConfig config = PipelineConfig.fromEnv(new Env(Map.of()), dataDir).withKafka(kafka).withDb(db.settings())
                    .withApplicationId(SharedInfrastructure.uniqueName("reagg"));
            AtomicBoolean publishing = new AtomicBoolean(true);
            try (PipelineService pipeline = PipelineService.start(config, db.dataSource(), new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
                    new HealthRegistry(), Clock.systemUTC());
                 KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrap()),
                         new StringSerializer(), new StringSerializer())) {
                Thread traffic = new Thread(() -> {
                    for (int i = 0; publishing.get(); i++) {
                        Instant at = Instant.now().minus(Duration.ofMinutes(i % 600)); // over the last ten hours
                        producer.send(new ProducerRecord<>(kafka.topic(), event("live-" + i, at, "/customers/c" + (i % 37) + "x/cart",
                                i % 10 == 0 ? "/given/{x}" : null)));
                        if (i % 200 == 0) {
                            producer.flush();
                        }
                    }
                    producer.flush();
                }, "traffic");
                traffic.start();
                await().atMost(Duration.ofSeconds(60)).until(() -> db.queryLong("SELECT count(*) FROM traffic_events") > 2_000);

                new RouteRulesStore(db.dataSource()).replace(List.of(new RouteRule("/customers/{name}/cart", false)), "test");
                Instant first = Instant.now().minus(Duration.ofHours(11)).truncatedTo(ChronoUnit.HOURS);
                HourRebuild rebuild = new HourRebuild(db.dataSource());
                var templater = new RouteRulesStore(db.dataSource()).current().templater();
                for (Instant h = first; h.isBefore(Instant.now()); h = h.plus(Duration.ofHours(1))) {
                    rebuild.rebuild(h, templater); // the pipeline writes into these hours meanwhile
                }
                publishing.set(false);
                traffic.join();
                long distinct = db.queryLong("SELECT count(*) FROM traffic_events");
                await().atMost(Duration.ofSeconds(60)).until(() -> db.queryLong("SELECT coalesce(sum(requests), 0) FROM path_stats_hourly")
                        == db.queryLong("SELECT count(*) FROM traffic_events"));
                assertThat(distinct).isGreaterThan(2_000);
                assertThat(AggregateCheck.differences(db)).as("every (route, proxy, hour) equals its detail rows").isZero();

                // once the rule has reached the stream, a second pass leaves no derived raw route behind
                for (Instant h = first; h.isBefore(Instant.now()); h = h.plus(Duration.ofHours(1))) {
                    rebuild.rebuild(h, templater);
                }
                assertThat(db.queryLong("SELECT count(*) FROM traffic_events WHERE route LIKE '/customers/c%'")).isZero();
                assertThat(db.queryLong("SELECT count(*) FROM traffic_events WHERE route = '/given/{x}' AND route_source = 'p'")).isPositive();
                assertThat(db.queryLong("SELECT count(*) FROM traffic_events WHERE route = '/given/{x}' AND route_source <> 'p'")).isZero();
                assertThat(AggregateCheck.differences(db)).isZero();
            }
        }
    }

    @Test
    void aRunKilledHalfWayLeavesEveryHourWholeAndARerunFinishes() throws Exception {
        try (TestDatabase db = TestDatabase.migrated()) {
            Instant first = Instant.now().minus(Duration.ofHours(60)).truncatedTo(ChronoUnit.HOURS);
            db.execute("INSERT INTO traffic_events (occurred_at, event_id, path, proxy_id, method, status, latency_us, route, route_source) "
                    + "SELECT '" + first + "'::timestamptz + (i * 0.6) * interval '1 second', 'k-' || i, '/customers/' || (i % 997) || 'q/cart', "
                    + "'edge', 'GET', CASE WHEN i % 50 = 0 THEN 503 ELSE 200 END, i % 300, "
                    + "CASE WHEN i % 9 = 0 THEN '/given/{x}' ELSE '/customers/' || (i % 997) || 'q/cart' END, CASE WHEN i % 9 = 0 THEN 'p' ELSE 'c' END "
                    + "FROM generate_series(0, 359999) i");
            HourRebuild rebuild = new HourRebuild(db.dataSource());
            var builtIn = io.pathstats.common.route.RouteTemplater.builtIn();
            for (Instant h = first; h.isBefore(first.plus(Duration.ofHours(61))); h = h.plus(Duration.ofHours(1))) {
                rebuild.rebuild(h, builtIn); // the aggregates as the pipeline would have left them
            }
            assertThat(AggregateCheck.differences(db)).isZero();
            new RouteRulesStore(db.dataSource()).replace(List.of(new RouteRule("/customers/{name}/cart", false)), "test");

            String range = "--from=" + first + "," + "--to=" + first.plus(Duration.ofHours(61));
            Process killed = reaggregate(db, range, "target/reaggregate-killed.log");
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
                    .until(() -> db.queryLong("SELECT count(*) FROM traffic_events WHERE route = '/customers/{name}/cart'") > 0);
            killed.destroyForcibly();
            assertThat(killed.waitFor(30, TimeUnit.SECONDS)).isTrue();
            String output = Files.readString(Path.of("target/reaggregate-killed.log"), StandardCharsets.UTF_8);
            assertThat(output).as("killed before it finished").doesNotContain("hour(s) rebuilt");
            assertThat(db.queryLong("SELECT count(*) FROM traffic_events WHERE route LIKE '/customers/%q/cart' AND route_source <> 'p'"))
                    .as("some hours not rebuilt yet").isPositive();
            assertThat(AggregateCheck.differences(db)).as("every hour entirely old or entirely new").isZero();

            Process rerun = reaggregate(db, range, "target/reaggregate-rerun.log");
            assertThat(rerun.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(rerun.exitValue()).isZero();
            assertThat(Files.readString(Path.of("target/reaggregate-rerun.log"), StandardCharsets.UTF_8)).contains("61 hour(s) rebuilt");
            assertThat(db.queryLong("SELECT count(*) FROM traffic_events WHERE route LIKE '/customers/%q/cart'")).isZero();
            assertThat(db.queryLong("SELECT count(*) FROM traffic_events WHERE route = '/given/{x}'")).isEqualTo(40_000);
            assertThat(db.queryLong("SELECT sum(requests) FROM path_stats_hourly")).isEqualTo(360_000);
            assertThat(AggregateCheck.differences(db)).isZero();
        }
    }

    private static Process reaggregate(TestDatabase db, String range, String log) throws Exception {
        Path jar = Path.of("target", "pathstats.jar").toAbsolutePath();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String[] args = range.split(",");
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx256m", "-jar", jar.toString(), "reaggregate", args[0], args[1]);
        pb.environment().put("PATHSTATS_DB_URL", db.settings().url());
        pb.environment().put("PATHSTATS_DB_USER", db.settings().user());
        Files.deleteIfExists(Path.of(log));
        pb.redirectErrorStream(true).redirectOutput(new File(log));
        return pb.start();
    }

    private static String event(String id, Instant at, String path, String route) {
        return "{\"eventId\":\"" + id + "\",\"occurredAt\":\"" + at + "\",\"path\":\"" + path + "\",\"method\":\"GET\",\"status\":"
                + (id.hashCode() % 20 == 0 ? 503 : 200) + ",\"latencyMs\":7" + (route == null ? "" : ",\"route\":\"" + route + "\"") + "}";
    }
}
