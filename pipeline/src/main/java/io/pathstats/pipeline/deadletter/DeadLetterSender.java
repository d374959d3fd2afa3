package io.pathstats.pipeline.deadletter;

import io.pathstats.common.event.InvalidReason;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Dead letters from the PostgreSQL writers (events the database refused, records not in the
 * validated format), sent with an idempotent acks=all producer and confirmed before the writer
 * commits the offsets of their batch: a crash in between sends them again (at least once), it
 * never loses one.
 */
public final class DeadLetterSender implements AutoCloseable {
    private static final Duration ACK_WAIT = Duration.ofSeconds(30);

    private final KafkaProducer<byte[], byte[]> producer;
    private final String topic;
    private final int maxRecordBytes;

    public DeadLetterSender(String bootstrap, String topic, int maxRecordBytes, String clientId) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) ACK_WAIT.toMillis());
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        this.producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
        this.topic = topic;
        this.maxRecordBytes = maxRecordBytes;
    }

    /** A dead letter sized for this topic. */
    public DeadLetter letter(byte[] key, byte[] value, Headers headers, InvalidReason reason, String detail, String source) {
        return DeadLetter.of(key, value, headers, reason, detail, source, maxRecordBytes);
    }

    /** Sends all and waits until Kafka acknowledged each; throws if it did not. */
    public void send(List<DeadLetter> letters) {
        List<Future<RecordMetadata>> acks = new ArrayList<>(letters.size());
        for (DeadLetter l : letters) {
            acks.add(producer.send(new ProducerRecord<>(topic, null, l.key(), l.value(), l.headers())));
        }
        try {
            for (Future<RecordMetadata> ack : acks) {
                ack.get(ACK_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (ExecutionException e) {
            throw new KafkaException("dead letters not acknowledged by " + topic + ": " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new KafkaException("dead letters not acknowledged by " + topic + " within " + ACK_WAIT.toSeconds() + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("interrupted while dead-lettering", e);
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
