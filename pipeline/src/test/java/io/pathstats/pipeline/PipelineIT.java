package io.pathstats.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.pathstats.common.config.KafkaSettings;
import io.pathstats.client.EventJson;
import io.pathstats.client.TrafficEvent;
import io.pathstats.common.ops.HealthRegistry;
import io.pathstats.common.traffic.SyntheticTraffic;
import io.pathstats.pipeline.deadletter.DlqHeaders;
import io.pathstats.testing.SharedInfrastructure;
import io.pathstats.testing.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole pipeline on a real broker and a real PostgreSQL, fed by a stock Kafka producer. */
class PipelineIT {

    @Test
    void countsEveryDistinctValidEventOnceAndDeadLettersTheRest(@TempDir Path stateDir) throws Exception {
        KafkaSettings kafka = SharedInfrastructure.newTopics(4);
        try (TestDatabase db = TestDatabase.migrated()) {
            PipelineConfig config = PipelineConfig.fromEnv(new io.pathstats.common.config.Env(Map.of()),
                            stateDir)
                    .withKafka(kafka).withDb(db.settings())
                    .withApplicationId(SharedInfrastructure.uniqueName("app"))
                    .withSnapshots(new PipelineConfig.SnapshotSettings(10, Duration.ofSeconds(1), 100_000, 5));
            PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            HealthRegistry health = new HealthRegistry();

            SyntheticTraffic traffic = SyntheticTraffic.demo(42);
            Random random = new Random(7);
            List<TrafficEvent> distinct = new ArrayList<>();
            for (int i = 0; i < 3000; i++) {
                distinct.add(traffic.next(Instant.now().minusSeconds(random.nextInt(7200))));
            }
            List<String> published = new ArrayList<>();
            for (TrafficEvent e : distinct) {
                published.add(new String(EventJson.toBytes(e), StandardCharsets.UTF_8));
                if (random.nextDouble() < 0.10) {
                    published.add(new String(EventJson.toBytes(e), StandardCharsets.UTF_8)); // producer retry / duplicate
                }
            }
            List<String> invalid = List.of("{not json", "{\"eventId\":\"x\"}", "{\"eventId\":\"y\",\"occurredAt\":\"2001-01-01T00:00:00Z\","
                    + "\"path\":\"/old\",\"method\":\"GET\",\"status\":200}", "[]", "{\"eventId\":\"z\",\"occurredAt\":0,\"path\":\"nope\"}");
            published.addAll(invalid);

            try (PipelineService pipeline = PipelineService.start(config, db.dataSource(), registry, health, Clock.systemUTC());
                 KafkaProducer<String, String> producer = stockProducer(kafka)) {
                for (String json : published) {
                    producer.send(new ProducerRecord<>(kafka.topic(), null, json));
                }
                producer.flush();

                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                        assertThat(db.queryLong("SELECT coalesce(sum(requests), 0) FROM path_stats_hourly")).isEqualTo(distinct.size()));
                assertThat(db.queryLong("SELECT count(*) FROM traffic_events")).isEqualTo(distinct.size());
                long expectedErrors = distinct.stream().filter(TrafficEvent::isServerError).count();
                assertThat(db.queryLong("SELECT sum(errors) FROM path_stats_hourly")).isEqualTo(expectedErrors);

                Map<String, String> reasons = readDlq(kafka, invalid.size());
                assertThat(reasons).hasSize(invalid.size());
                assertThat(new HashSet<>(reasons.values())).contains("not_json", "missing_field", "too_late");

                await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                        assertThat(db.queryLong("SELECT coalesce(max(path_count), 0) FROM path_snapshots"))
                                .isEqualTo(db.queryLong("SELECT count(DISTINCT (route, proxy_id)) FROM path_stats_hourly")));
                assertThat(health.report().up()).isTrue();
                String scrape = registry.scrape();
                assertThat(scrape).contains("pathstats_events_invalid_total{reason=\"not_json\"} 2.0", "pathstats_events_invalid_total{reason=\"too_late\"} 2.0");
                assertThat(scrape).contains("pathstats_sink_events_inserted_total " + distinct.size() + ".0");
            }
        }
    }

    static KafkaProducer<String, String> stockProducer(KafkaSettings kafka) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrap());
        return new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
    }

    /** Reads exactly {@code expected} dead letters: value -> reason. */
    static Map<String, String> readDlq(KafkaSettings kafka, int expected) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrap());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, SharedInfrastructure.uniqueName("dlq-reader"));
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        Map<String, String> out = new HashMap<>();
        Set<String> seen = new HashSet<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(kafka.dlqTopic()));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    String reason = new String(r.headers().lastHeader(DlqHeaders.REASON).value(), StandardCharsets.UTF_8);
                    assertThat(seen.add(r.value())).as("dead-lettered once: %s", r.value()).isTrue();
                    out.put(r.value(), reason);
                }
                return out.size() >= expected;
            });
            // nothing more arrives: each invalid event is dead-lettered exactly once
            assertThat(consumer.poll(Duration.ofSeconds(1)).count()).isZero();
        }
        return out;
    }
}
