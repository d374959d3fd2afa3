package io.pathstats.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.pathstats.common.config.Env;
import io.pathstats.common.config.KafkaSettings;
import io.pathstats.common.ops.HealthRegistry;
import io.pathstats.pipeline.deadletter.DlqHeaders;
import io.pathstats.testing.SharedInfrastructure;
import io.pathstats.testing.TestDatabase;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every input gets a verdict and none stops a partition: on one partition, between valid events, a
 * NUL in each text field, an overlong UTF-8 '/', an event at the broker's size limit, an event the
 * database refuses (a CHECK constraint an operator added) and a record on the validated topic that
 * is not in its format. Each bad one is in the dead-letter topic once with its reason, every valid
 * event is counted, /health stays UP and each reason's counter says how many.
 */
class PoisonEventsIT {
    private static final int VALID = 300;

    @Test
    void poisonEventsAreDeadLetteredAndEverythingElseIsCounted(@TempDir Path dataDir) throws Exception {
        KafkaSettings kafka = SharedInfrastructure.newTopics(1);
        try (TestDatabase db = TestDatabase.migrated()) {
            db.execute("ALTER TABLE traffic_events ADD CONSTRAINT operator_rule CHECK (path <> '/refused-by-the-database')");
            PipelineConfig config = PipelineConfig.fromEnv(new Env(Map.of()), dataDir)
                    .withKafka(kafka).withDb(db.settings()).withApplicationId(SharedInfrastructure.uniqueName("poison"));
            PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            HealthRegistry health = new HealthRegistry();
            Instant at = Instant.now().minusSeconds(60);
            List<byte[]> poison = List.of(
                    json("{\"eventId\":\"nul-path\",\"occurredAt\":\"" + at + "\",\"path\":\"/a\\u0000b\",\"method\":\"GET\",\"status\":200}"),
                    json("{\"eventId\":\"nul-\\u0000id\",\"occurredAt\":\"" + at + "\",\"path\":\"/a\",\"method\":\"GET\",\"status\":200}"),
                    json("{\"eventId\":\"nul-proxy\",\"occurredAt\":\"" + at + "\",\"path\":\"/a\",\"method\":\"GET\",\"status\":200,"
                            + "\"proxyId\":\"edge\\u0000\"}"),
                    overlongSlash(at),
                    atTheBrokersSizeLimit(at),
                    json("{\"eventId\":\"refused\",\"occurredAt\":\"" + at + "\",\"path\":\"/refused-by-the-database\",\"method\":\"GET\","
                            + "\"status\":200}"));

            try (PipelineService pipeline = PipelineService.start(config, db.dataSource(), registry, health, Clock.systemUTC());
                 KafkaProducer<byte[], byte[]> producer = producer(kafka)) {
                for (int i = 0; i < VALID; i++) {
                    producer.send(new ProducerRecord<>(kafka.topic(), json("{\"eventId\":\"ok-" + i + "\",\"occurredAt\":\"" + at
                            + "\",\"path\":\"/ok/" + (i % 7) + "\",\"method\":\"GET\",\"status\":200}")));
                    if (i % 50 == 25) {
                        producer.send(new ProducerRecord<>(kafka.topic(), poison.get(i / 50)));
                    }
                    if (i == 150) {
                        producer.send(new ProducerRecord<>(kafka.validTopic(), json("not a validated record"))).get();
                    }
                }
                producer.flush();

                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                        assertThat(db.queryLong("SELECT coalesce(sum(requests), 0) FROM path_stats_hourly")).isEqualTo(VALID));
                assertThat(db.queryLong("SELECT count(*) FROM traffic_events")).isEqualTo(VALID);

                List<ConsumerRecord<byte[], byte[]>> letters = readDeadLetters(kafka, poison.size() + 1);
                assertThat(reason(letter(letters, "nul-path"))).isEqualTo("invalid_value");
                assertThat(detail(letter(letters, "nul-path"))).contains("path contains U+0000");
                assertThat(detail(letter(letters, "nul-\\u0000id"))).contains("eventId contains U+0000");
                assertThat(detail(letter(letters, "nul-proxy"))).contains("proxyId contains U+0000");
                assertThat(reason(letter(letters, "overlong"))).isEqualTo("not_json");
                assertThat(detail(letter(letters, "overlong"))).contains("not valid UTF-8");
                ConsumerRecord<byte[], byte[]> huge = letter(letters, "huge");
                assertThat(reason(huge)).isEqualTo("invalid_value");
                assertThat(header(huge, DlqHeaders.TRUNCATED)).isEqualTo("true");
                assertThat(header(huge, DlqHeaders.ORIGINAL_SIZE)).isEqualTo(Integer.toString(poison.get(4).length));
                assertThat(reason(letter(letters, "not a validated record"))).isEqualTo("corrupt_record");
                ConsumerRecord<byte[], byte[]> refused = letter(letters, "\"eventId\":\"refused\"");
                assertThat(reason(refused)).isEqualTo("rejected_by_database");
                assertThat(detail(refused)).contains("operator_rule");

                await().atMost(Duration.ofSeconds(10)).until(() -> health.report().up());
                String scrape = registry.scrape();
                assertThat(scrape).contains("pathstats_events_invalid_total{reason=\"invalid_value\"} 4.0",
                        "pathstats_events_invalid_total{reason=\"not_json\"} 1.0",
                        "pathstats_events_invalid_total{reason=\"rejected_by_database\"} 1.0",
                        "pathstats_events_invalid_total{reason=\"corrupt_record\"} 1.0",
                        "pathstats_events_valid_total " + (VALID + 1) + ".0");
            }
        }
    }

    private static byte[] json(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** A path whose '/' is sent as the overlong two-byte form C0 AF. */
    private static byte[] overlongSlash(Instant at) {
        var out = new ByteArrayOutputStream();
        out.writeBytes(json("{\"eventId\":\"overlong\",\"occurredAt\":\"" + at + "\",\"path\":\"/a"));
        out.write(0xc0);
        out.write(0xaf);
        out.writeBytes(json("etc/passwd\",\"method\":\"GET\",\"status\":200}"));
        return out.toByteArray();
    }

    /** A valid-looking event padded to just under the broker's default message.max.bytes (1,048,588). */
    private static byte[] atTheBrokersSizeLimit(Instant at) {
        String head = "{\"eventId\":\"huge\",\"occurredAt\":\"" + at + "\",\"path\":\"/a\",\"method\":\"GET\",\"status\":200,\"pad\":\"";
        return json(head + "x".repeat(1_048_000 - head.length()) + "\"}");
    }

    private static KafkaProducer<byte[], byte[]> producer(KafkaSettings kafka) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrap());
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 1_048_576);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static List<ConsumerRecord<byte[], byte[]>> readDeadLetters(KafkaSettings kafka, int expected) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrap());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, SharedInfrastructure.uniqueName("dlq-reader"));
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(kafka.dlqTopic()));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
                return out.size() >= expected;
            });
            consumer.poll(Duration.ofSeconds(1)).forEach(out::add);
        }
        assertThat(out).as("each poison event dead-lettered once").hasSize(expected);
        return out;
    }

    /** The one dead letter whose value contains {@code text}. */
    private static ConsumerRecord<byte[], byte[]> letter(List<ConsumerRecord<byte[], byte[]>> letters, String text) {
        List<ConsumerRecord<byte[], byte[]>> found = letters.stream()
                .filter(r -> new String(r.value(), StandardCharsets.UTF_8).contains(text)).toList();
        assertThat(found).as("dead letters containing %s", text).hasSize(1);
        return found.get(0);
    }

    private static String reason(ConsumerRecord<byte[], byte[]> r) {
        return header(r, DlqHeaders.REASON);
    }

    private static String detail(ConsumerRecord<byte[], byte[]> r) {
        return header(r, DlqHeaders.DETAIL);
    }

    private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        return new String(r.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
