package io.pathstats.pipeline.writer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pathstats.common.config.Env;
import io.pathstats.common.config.KafkaSettings;
import io.pathstats.common.config.Settings;
import io.pathstats.client.TrafficEvent;
import io.pathstats.pipeline.PipelineConfig;
import io.pathstats.pipeline.PipelineMetrics;
import io.pathstats.pipeline.PipelineService;
import io.pathstats.pipeline.deadletter.DeadLetterSender;
import io.pathstats.pipeline.instance.InstanceId;
import io.pathstats.pipeline.row.EventRow;
import io.pathstats.testing.SharedInfrastructure;
import io.pathstats.testing.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How a writer cuts batches, on a real broker and PostgreSQL: full ones under a backlog, no waiting without one. */
class PostgresWriterIT {
    private static final int BATCH_MAX = 4_000;

    private final TestDatabase db = TestDatabase.migrated();
    private final KafkaSettings kafka = SharedInfrastructure.newTopics(2);
    private final List<BatchResult> batches = new CopyOnWriteArrayList<>();
    private final Instant hour = Instant.now().truncatedTo(ChronoUnit.HOURS);
    @TempDir
    Path stateDir;
    private final DeadLetterSender deadLetters = new DeadLetterSender(kafka.bootstrap(), kafka.dlqTopic(), 1 << 20, "sink-it-dlq");
    private PostgresWriter worker;
    private Thread thread;

    @AfterEach
    void tearDown() throws InterruptedException {
        if (worker != null) {
            worker.stop();
            thread.join(10_000);
        }
        deadLetters.close();
        db.close();
    }

    @Test
    void aBacklogIsWrittenInFullBatches() throws Exception {
        publish(0, 6 * BATCH_MAX);
        // fetches of ~800 events per partition that the broker holds for 30 ms (it waits for more bytes
        // than a response may carry), so topping up must wait for fetches in flight
        start(Map.of(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 64 * 1024,
                ConsumerConfig.FETCH_MIN_BYTES_CONFIG, 16 * 1024 * 1024,
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 30));

        await().atMost(Duration.ofSeconds(60)).until(() -> inserted() == 6 * BATCH_MAX);
        // a batch stops topping up once one more poll (a quarter of the limit) would overflow it
        int fullBatch = BATCH_MAX - PostgresWriter.maxPollRecords(BATCH_MAX) + 1;
        assertThat(batches.subList(0, batches.size() - 1)).allSatisfy(b -> assertThat(b.events()).isGreaterThanOrEqualTo(fullBatch));
        assertThat(batches).hasSizeLessThanOrEqualTo(8);
        assertThat(db.queryLong("SELECT sum(requests) FROM path_stats_hourly")).isEqualTo(6 * BATCH_MAX);
    }

    @Test
    void withoutABacklogASingleEventIsWrittenAtOnce() throws Exception {
        start(Map.of());
        publish(0, 1);
        await().atMost(Duration.ofSeconds(30)).until(() -> inserted() == 1);
        publish(1, 1);
        await().atMost(Duration.ofSeconds(30)).until(() -> inserted() == 2);
        assertThat(batches).extracting(BatchResult::events).containsExactly(1, 1);
    }

    private long inserted() {
        return batches.stream().mapToLong(BatchResult::inserted).sum();
    }

    private void start(Map<String, Object> consumerOverrides) throws Exception {
        PipelineConfig config = PipelineConfig.fromEnv(new Env(Map.of(Settings.BATCH_MAX_EVENTS, Integer.toString(BATCH_MAX))),
                        stateDir)
                .withKafka(kafka).withDb(db.settings()).withApplicationId(SharedInfrastructure.uniqueName("sink"));
        Properties props = PipelineService.writerConsumerProperties(config, new InstanceId("sink-it"), 0);
        props.putAll(consumerOverrides);
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        worker = new PostgresWriter(consumer, kafka.validTopic(), BATCH_MAX, new BatchStore(db.dataSource()),
                new PipelineMetrics(new SimpleMeterRegistry()), batches::add, deadLetters, "sink-it-writer");
        thread = new Thread(worker, "sink-it-writer");
        thread.start();
    }

    /** Validated events {@code first .. first + count - 1}, as the validation stream writes them (one transaction). */
    private void publish(int first, int count) {
        Map<String, Object> props = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrap(),
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, SharedInfrastructure.uniqueName("sink-it-tx"));
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.initTransactions();
            producer.beginTransaction();
            for (int i = first; i < first + count; i++) {
                TrafficEvent e = new TrafficEvent("e-" + i, hour.plusMillis(i), "/p" + (i % 50), "GET", 200, 5, "default");
                producer.send(new ProducerRecord<>(kafka.validTopic(), e.path().getBytes(StandardCharsets.UTF_8), EventRow.encode(e)));
            }
            producer.commitTransaction();
        }
    }
}
