package io.pathstats.ingest.publish;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.pathstats.common.ops.HealthCheck;
import io.pathstats.common.ops.LatencyBuckets;
import io.pathstats.ingest.IngestMetrics;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Publishes a request's accepted events to the raw topic and returns only once Kafka acknowledged
 * every one of them (idempotent producer, acks=all), so a 202 never covers an event Kafka did not
 * take. Room for events in flight is bounded ({@code maxInFlight}); a request that cannot get its
 * room within {@code admitWait}, or whose events are not all acknowledged within
 * {@code ackTimeout}, fails with {@link KafkaUnavailable}: there is no queue that grows with load.
 */
public final class EventPublisher implements AutoCloseable {
    /** One event as published: the key (its path, as the contract asks) and the bytes the client sent. */
    public record Outgoing(String key, byte[] value) {
    }

    private static final Duration RETRY_WHEN_BUSY = Duration.ofSeconds(1);
    private static final Duration RETRY_WHEN_DOWN = Duration.ofSeconds(5);

    private final KafkaProducer<byte[], byte[]> producer;
    private final String topic;
    private final int maxInFlight;
    private final Semaphore room;
    private final Duration admitWait;
    private final Duration ackTimeout;
    private final Clock clock;
    private final Timer ackTime;
    private final IngestMetrics metrics;
    private volatile Instant lastSuccess;
    private volatile Instant lastFailure;
    private volatile String lastFailureReason;

    public EventPublisher(String bootstrap, String topic, int maxInFlight, Duration admitWait, Duration ackTimeout, Clock clock,
                          MeterRegistry registry, IngestMetrics metrics) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "pathstats-ingest");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        // a request never waits longer than its ack timeout: neither for metadata or buffer space
        // (send blocks up to max.block.ms) nor for delivery, whose retries end at delivery.timeout.ms
        int requestMs = (int) Math.min(5_000, ackTimeout.toMillis() / 2);
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) Math.min(ackTimeout.toMillis(), 5_000));
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, requestMs);
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) Math.max(ackTimeout.toMillis(), requestMs + 5L));
        this.producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
        this.topic = topic;
        this.maxInFlight = maxInFlight;
        this.room = new Semaphore(maxInFlight);
        this.admitWait = admitWait;
        this.ackTimeout = ackTimeout;
        this.clock = clock;
        this.metrics = metrics;
        this.ackTime = Timer.builder("pathstats.ingest.publish").description("from a request's first send until Kafka acknowledged "
                + "all of its events").serviceLevelObjectives(LatencyBuckets.requests()).register(registry);
    }

    /**
     * Publishes all and waits for every acknowledgement; on any failure nothing may be reported
     * accepted. Counts them as accepted or unavailable for {@code source}.
     */
    public void publishAll(IngestMetrics.Source source, List<Outgoing> events) throws KafkaUnavailable, InterruptedException {
        try {
            publishAll(events);
        } catch (KafkaUnavailable e) {
            metrics.unavailable(source, events.size());
            throw e;
        }
        metrics.accepted(source, events.size());
    }

    private void publishAll(List<Outgoing> events) throws KafkaUnavailable, InterruptedException {
        if (events.isEmpty()) {
            return;
        }
        // a body with more events than the whole room takes all of it
        int permits = Math.min(events.size(), maxInFlight);
        if (!room.tryAcquire(permits, admitWait.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new KafkaUnavailable("the ingest listener is at its limit of " + maxInFlight + " events waiting for Kafka's "
                    + "acknowledgement; retry shortly", RETRY_WHEN_BUSY, null);
        }
        long start = System.nanoTime();
        try {
            List<Future<RecordMetadata>> acks = new ArrayList<>(events.size());
            long deadline = start + ackTimeout.toNanos();
            for (Outgoing e : events) {
                if (System.nanoTime() > deadline) {
                    throw new TimeoutException("the events could not even be handed to the producer in time");
                }
                Future<RecordMetadata> ack = producer.send(new ProducerRecord<>(topic,
                        e.key() == null ? null : e.key().getBytes(StandardCharsets.UTF_8), e.value()));
                if (ack.isDone()) {
                    // refused at once (no metadata within max.block.ms while Kafka is down): every further send would wait as long
                    ack.get();
                }
                acks.add(ack);
            }
            for (Future<RecordMetadata> ack : acks) {
                ack.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
            lastSuccess = clock.instant();
            ackTime.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        } catch (ExecutionException | TimeoutException | KafkaException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            lastFailure = clock.instant();
            lastFailureReason = cause.getClass().getSimpleName() + ": " + cause.getMessage();
            throw new KafkaUnavailable("Kafka did not acknowledge all " + events.size() + " event(s) within " + ackTimeout.toSeconds()
                    + " s (" + lastFailureReason + "); none is reported accepted: resend them all, events already stored are "
                    + "counted once", RETRY_WHEN_DOWN, cause);
        } finally {
            room.release(permits);
        }
    }

    /** DOWN while the last publish failed and none succeeded since. */
    public HealthCheck healthCheck() {
        return HealthCheck.of("kafka-ingest", () -> {
            Instant failed = lastFailure;
            Instant succeeded = lastSuccess;
            if (failed != null && (succeeded == null || failed.isAfter(succeeded))) {
                return HealthCheck.Status.down("the last publish at " + failed + " failed: " + lastFailureReason);
            }
            return HealthCheck.Status.up(succeeded == null ? "nothing published yet" : "last acknowledged at " + succeeded);
        });
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
