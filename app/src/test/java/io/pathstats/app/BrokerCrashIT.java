package io.pathstats.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.pathstats.common.config.Env;
import io.pathstats.common.config.KafkaSettings;
import io.pathstats.common.ops.HealthRegistry;
import io.pathstats.embedded.FreePorts;
import io.pathstats.pipeline.PipelineConfig;
import io.pathstats.pipeline.PipelineService;
import io.pathstats.testing.ResendingPublisher;
import io.pathstats.testing.SharedInfrastructure;
import io.pathstats.testing.TestDatabase;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker alone dies, ten times, while the pipeline (and a producer that resends what was not
 * acknowledged) lives on: each time the broker is SIGKILLed and started again on its data directory,
 * the pipeline reconnects and counts again by itself, and at the end every acknowledged event is
 * counted exactly once and /health is UP.
 */
class BrokerCrashIT {
    private static final Logger log = LoggerFactory.getLogger(BrokerCrashIT.class);
    private static final int KILLS = 10;

    @Test
    void killNineOfTheBrokerTenTimesWhileThePipelineLives(@TempDir(cleanup = CleanupMode.ON_SUCCESS) Path dir) throws Exception {
        int port = FreePorts.pickAdjacentPair();
        KafkaSettings kafka = new KafkaSettings("127.0.0.1:" + port, "traffic-events");
        Random random = new Random(20);
        List<String> outages = new ArrayList<>();
        try (ChildBroker broker = new ChildBroker(dir.resolve("kafka"), port, "target/broker-crash.log").start();
             TestDatabase db = TestDatabase.migrated()) {
            PipelineConfig config = PipelineConfig.fromEnv(new Env(Map.of()), dir.resolve("pipeline")).withKafka(kafka).withDb(db.settings())
                    .withApplicationId(SharedInfrastructure.uniqueName("broker-crash"));
            HealthRegistry health = new HealthRegistry();
            try (PipelineService pipeline = PipelineService.start(config, db.dataSource(),
                    new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), health, Clock.systemUTC());
                 ResendingPublisher publisher = new ResendingPublisher(kafka.bootstrap(), kafka.topic(), "broker-crash")) {
                publisher.start(1_000);
                for (int kill = 1; kill <= KILLS; kill++) {
                    long before = requests(db);
                    await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100)).until(() -> requests(db) > before);
                    Thread.sleep(random.nextInt(3_000));
                    broker.kill();
                    Thread.sleep(random.nextInt(5_000));
                    long restarted = System.nanoTime();
                    broker.start();
                    long atRestart = requests(db);
                    await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100)).until(() -> requests(db) > atRestart);
                    outages.add("kill " + kill + ": counting again " + Duration.ofNanos(System.nanoTime() - restarted).toMillis()
                            + " ms after the broker was started again");
                }
                publisher.finish(Duration.ofSeconds(60));
                long expected = publisher.acknowledged();
                outages.forEach(log::info);
                log.info("{} events acknowledged, {} resends", expected, publisher.resends());
                await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                        .untilAsserted(() -> assertThat(requests(db)).isEqualTo(expected));
                assertThat(db.queryLong("SELECT count(*) FROM traffic_events")).isEqualTo(expected);
                await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(health.report().up()).as(health.report().toString()).isTrue());
            }
        }
    }

    private static long requests(TestDatabase db) {
        return db.queryLong("SELECT coalesce(sum(requests), 0) FROM path_stats_hourly");
    }
}
