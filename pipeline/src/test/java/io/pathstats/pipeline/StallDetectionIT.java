package io.pathstats.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.pathstats.common.config.Env;
import io.pathstats.common.config.KafkaSettings;
import io.pathstats.client.TrafficEvent;
import io.pathstats.common.ops.HealthCheck;
import io.pathstats.common.ops.HealthRegistry;
import io.pathstats.pipeline.row.EventRow;
import io.pathstats.testing.SharedInfrastructure;
import io.pathstats.testing.TestDatabase;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A pipeline that is up but does not advance must not look healthy: a transaction left open on the
 * validated topic holds every read_committed writer back while events keep arriving. /health goes
 * DOWN naming the partition, and UP again once the transaction ends and the writers catch up.
 */
class StallDetectionIT {
    private static final Duration STALL_AFTER = Duration.ofSeconds(3);

    @Test
    void anOpenTransactionThatHoldsTheWritersBackTurnsHealthDown(@TempDir Path dataDir) throws Exception {
        KafkaSettings kafka = SharedInfrastructure.newTopics(1);
        try (TestDatabase db = TestDatabase.migrated()) {
            PipelineConfig config = PipelineConfig.fromEnv(new Env(Map.of()), dataDir).withKafka(kafka).withDb(db.settings())
                    .withApplicationId(SharedInfrastructure.uniqueName("stall")).withStallAfter(STALL_AFTER);
            PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            HealthRegistry health = new HealthRegistry();
            try (PipelineService pipeline = PipelineService.start(config, db.dataSource(), registry, health, Clock.systemUTC());
                 KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrap()),
                         new StringSerializer(), new StringSerializer())) {
                publish(producer, kafka, 0, 100);
                await().atMost(Duration.ofSeconds(60)).until(() -> requests(db) == 100);
                await().atMost(Duration.ofSeconds(30)).until(() -> progress(health).up());

                try (KafkaProducer<byte[], byte[]> hanging = openTransaction(kafka)) {
                    publish(producer, kafka, 100, 100);
                    HealthCheck.Status down = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                            .until(() -> progress(health), s -> !s.up());
                    assertThat(down.detail()).contains(kafka.validTopic() + "-0").contains("open transaction");
                    assertThat(health.report().up()).isFalse();
                    assertThat(requests(db)).isEqualTo(100);
                    hanging.abortTransaction();
                }
                await().atMost(Duration.ofSeconds(60)).until(() -> requests(db) == 200);
                await().atMost(Duration.ofSeconds(30)).until(() -> health.report().up());
                assertThat(registry.scrape()).contains("pathstats_consumer_lag_events{group=\"" + config.writerGroupId() + "\"");
            }
        }
    }

    /** A transactional producer that has written one record to the validated topic and neither commits nor aborts. */
    private static KafkaProducer<byte[], byte[]> openTransaction(KafkaSettings kafka) {
        KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrap(),
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, SharedInfrastructure.uniqueName("hanging"),
                ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 120_000), new ByteArraySerializer(), new ByteArraySerializer());
        p.initTransactions();
        p.beginTransaction();
        p.send(new ProducerRecord<>(kafka.validTopic(), EventRow.encode(
                new TrafficEvent("hanging", Instant.now(), "/h", "GET", 200, 1, "p"))));
        p.flush();
        return p;
    }

    private static void publish(KafkaProducer<String, String> producer, KafkaSettings kafka, int from, int count) {
        for (int i = from; i < from + count; i++) {
            producer.send(new ProducerRecord<>(kafka.topic(), "{\"eventId\":\"s-" + i + "\",\"occurredAt\":\"" + Instant.now()
                    + "\",\"path\":\"/s\",\"method\":\"GET\",\"status\":200}"));
        }
        producer.flush();
    }

    private static HealthCheck.Status progress(HealthRegistry health) {
        return health.report().checks().get("pipeline-progress");
    }

    private static long requests(TestDatabase db) {
        return db.queryLong("SELECT coalesce(sum(requests), 0) FROM path_stats_hourly");
    }
}
