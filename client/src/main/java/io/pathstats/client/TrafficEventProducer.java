package io.pathstats.client;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Publishes events in the contract format, keyed by path, with idempotent, acks=all delivery.
 * A caller that retries after a failure must resend the SAME event (same eventId and occurredAt):
 * a re-stamped occurredAt is a different event to the dedup key and would be counted twice.
 * An {@link #atomic atomic} producer publishes a set of events as one Kafka transaction: the
 * pipeline (which reads committed data only) sees all of them at once or none.
 *
 * <pre>{@code
 * try (var producer = new TrafficEventProducer("kafka:9092", TrafficEventProducer.DEFAULT_TOPIC)) {
 *     producer.send(new TrafficEvent(id, Instant.now(), "/users/42", "GET", 200, 12_500L, "edge-1", null));
 * }
 * }</pre>
 */
public final class TrafficEventProducer implements AutoCloseable {
    public static final String DEFAULT_TOPIC = "traffic-events";
    public static final Duration ATOMIC_TIMEOUT = Duration.ofMinutes(10);

    private final KafkaProducer<byte[], byte[]> producer;
    private final String topic;

    public TrafficEventProducer(String bootstrapServers, String topic) {
        this(bootstrap(bootstrapServers), topic, null);
    }

    /**
     * @param kafka producer properties of your own (bootstrap servers, security, client id, ...); the
     *              ones the contract's delivery depends on (acks=all, idempotence, byte serializers)
     *              are set over them
     */
    public TrafficEventProducer(Properties kafka, String topic) {
        this(kafka, topic, null);
    }

    private TrafficEventProducer(Properties kafka, String topic, String transactionalId) {
        Properties p = new Properties();
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "pathstats-producer");
        p.putAll(kafka);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        if (transactionalId != null) {
            p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
            p.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, (int) ATOMIC_TIMEOUT.toMillis());
        }
        this.producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
        this.topic = topic;
        if (transactionalId != null) {
            producer.initTransactions();
            producer.beginTransaction();
        }
    }

    private static Properties bootstrap(String servers) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
        return p;
    }

    /**
     * A producer whose sends stay invisible to read-committed consumers until {@link #commit()}.
     * The set must be published within {@link #ATOMIC_TIMEOUT} (brokers cap it at 15 min by default).
     */
    public static TrafficEventProducer atomic(String bootstrapServers, String topic, String transactionalId) {
        return new TrafficEventProducer(bootstrap(bootstrapServers), topic, transactionalId);
    }

    /** Makes everything sent so far by an {@link #atomic} producer visible at once. */
    public void commit() {
        producer.commitTransaction();
    }

    public Future<RecordMetadata> send(TrafficEvent event) {
        return sendRaw(event.path(), EventJson.toBytes(event));
    }

    /** Sends bytes as they are (for {@code pathstats produce} and tests of invalid input). */
    public Future<RecordMetadata> sendRaw(String key, byte[] value) {
        return producer.send(new ProducerRecord<>(topic, key == null ? null : key.getBytes(StandardCharsets.UTF_8), value));
    }

    public void flush() {
        producer.flush();
    }

    @Override
    public void close() {
        producer.close();
    }
}
