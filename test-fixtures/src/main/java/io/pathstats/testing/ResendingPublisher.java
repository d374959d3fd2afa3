package io.pathstats.testing;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A producer as a careful one behaves while its broker comes and goes: idempotent, acks=all, and
 * every event that was not acknowledged is sent again, unchanged (same eventId and occurredAt),
 * until it is. Its ledger is what the pipeline owes: {@link #acknowledged()} distinct valid events.
 * A producer whose client failed for good is replaced, as an application would restart it.
 */
public final class ResendingPublisher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ResendingPublisher.class);

    private final String bootstrap;
    private final String topic;
    private final String idPrefix;
    private final Map<String, String> unacknowledged = new ConcurrentHashMap<>();
    private final Deque<String> toResend = new ArrayDeque<>();
    private final AtomicLong acknowledged = new AtomicLong();
    private final AtomicLong resends = new AtomicLong();
    private final AtomicBoolean generating = new AtomicBoolean(true);
    private final AtomicBoolean running = new AtomicBoolean(true);
    private KafkaProducer<String, String> producer;
    private Thread thread;
    private long next;

    public ResendingPublisher(String bootstrap, String topic, String idPrefix) {
        this.bootstrap = bootstrap;
        this.topic = topic;
        this.idPrefix = idPrefix;
    }

    /** Publishes about {@code perSecond} new events a second, and everything that needs resending, until {@link #finish}. */
    public void start(int perSecond) {
        thread = new Thread(() -> loop(perSecond), "resending-publisher");
        thread.setDaemon(true);
        thread.start();
    }

    private void loop(int perSecond) {
        int perSlice = Math.max(1, perSecond / 20);
        while (running.get()) {
            long sliceStart = System.nanoTime();
            try {
                ensureProducer();
                if (generating.get()) {
                    for (int i = 0; i < perSlice; i++) {
                        String id = idPrefix + "-" + next++;
                        String json = "{\"eventId\":\"" + id + "\",\"occurredAt\":\"" + Instant.now() + "\",\"path\":\"/api/r"
                                + (next % 97) + "\",\"method\":\"GET\",\"status\":" + (next % 50 == 0 ? 503 : 200)
                                + ",\"latencyMs\":" + (next % 700) + ",\"proxyId\":\"p" + (next % 3) + "\"}";
                        unacknowledged.put(id, json);
                        send(id, json);
                    }
                }
                for (int i = 0; i < 2 * perSlice; i++) {
                    String id;
                    synchronized (toResend) {
                        id = toResend.poll();
                    }
                    if (id == null) {
                        break;
                    }
                    resends.incrementAndGet();
                    send(id, unacknowledged.get(id));
                }
            } catch (KafkaException e) {
                log.info("publisher: producer failed ({}); replacing it", e.toString());
                replaceProducer();
            }
            long rest = Duration.ofMillis(50).toNanos() - (System.nanoTime() - sliceStart);
            if (rest > 0) {
                try {
                    Thread.sleep(rest / 1_000_000);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    private void send(String id, String json) {
        try {
            producer.send(new ProducerRecord<>(topic, json), (metadata, error) -> {
                if (error == null) {
                    if (unacknowledged.remove(id) != null) {
                        acknowledged.incrementAndGet();
                    }
                } else {
                    resendLater(id);
                }
            });
        } catch (KafkaException e) {
            resendLater(id); // e.g. no metadata within max.block.ms while the broker is down
            if (e instanceof org.apache.kafka.common.errors.TimeoutException) {
                return;
            }
            throw e;
        }
    }

    private void resendLater(String id) {
        synchronized (toResend) {
            toResend.add(id);
        }
    }

    private void ensureProducer() {
        if (producer == null) {
            Properties p = new Properties();
            p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            p.put(ProducerConfig.ACKS_CONFIG, "all");
            p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
            p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
            p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 1000);
            p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000);
            p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 15000);
            p.put(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 500);
            producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
        }
    }

    private void replaceProducer() {
        KafkaProducer<String, String> old = producer;
        producer = null;
        if (old != null) {
            old.close(Duration.ZERO); // its unfinished sends fail and are queued again
        }
    }

    /** Stops generating new events and resends until everything was acknowledged (the broker must be up). */
    public void finish(Duration within) throws InterruptedException {
        generating.set(false);
        long deadline = System.nanoTime() + within.toNanos();
        while (!unacknowledged.isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(unacknowledged.size() + " events still not acknowledged after " + within);
            }
            Thread.sleep(100);
        }
        running.set(false);
        thread.join();
    }

    /** Distinct events Kafka acknowledged: exactly what the pipeline must count. */
    public long acknowledged() {
        return acknowledged.get();
    }

    public long resends() {
        return resends.get();
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        if (thread != null) {
            thread.join();
        }
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
    }
}
