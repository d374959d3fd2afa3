package io.pathstats.testing;

import io.pathstats.client.EventJson;
import io.pathstats.common.traffic.SyntheticTraffic;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes contract-format events ({@link SyntheticTraffic}, over the hour before now) with a
 * stock Kafka producer, mixing in duplicates (resent right away or much later) and invalid
 * messages, and keeps the ledger a test checks against: how many distinct valid events and how
 * many invalid messages Kafka acknowledged.
 */
public final class TrafficScript implements AutoCloseable {
    private final KafkaProducer<String, String> producer;
    private final String topic;
    private final SyntheticTraffic traffic;
    private final double duplicateFraction;
    private final double invalidFraction;
    private final List<String> sentValid = new ArrayList<>();
    private final AtomicLong distinctValid = new AtomicLong();
    private final AtomicLong invalid = new AtomicLong();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private Thread background;
    private volatile RuntimeException failure;

    public TrafficScript(String bootstrap, String topic, long seed, double duplicateFraction, double invalidFraction) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        this.producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
        this.topic = topic;
        this.traffic = new SyntheticTraffic(seed, new SyntheticTraffic.Shape(200, 1.0, List.of("p0", "p1", "p2"), true));
        this.duplicateFraction = duplicateFraction;
        this.invalidFraction = invalidFraction;
    }

    /** Sends {@code count} messages now and waits for every acknowledgement. */
    public synchronized void send(int count) {
        for (int i = 0; i < count; i++) {
            sendOne();
        }
        producer.flush();
        if (failure != null) {
            throw failure;
        }
    }

    /** Sends about {@code perSecond} messages a second from a background thread until {@link #stop()}. */
    public void startBackground(int perSecond) {
        background = new Thread(() -> {
            try {
                while (running.get()) {
                    long sliceStart = System.nanoTime();
                    send(Math.max(1, perSecond / 20));
                    long rest = 50_000_000L - (System.nanoTime() - sliceStart);
                    if (rest > 0) {
                        Thread.sleep(rest / 1_000_000);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                failure = e;
            }
        }, "traffic-script");
        background.start();
    }

    public void stop() throws InterruptedException {
        running.set(false);
        if (background != null) {
            background.join();
        }
        if (failure != null) {
            throw failure;
        }
        producer.flush();
    }

    private void sendOne() {
        double roll = traffic.nextDouble();
        String json;
        boolean counted = false;
        boolean isInvalid = false;
        if (roll < invalidFraction) {
            json = traffic.nextInt(2) == 0 ? "{broken json " + traffic.nextInt(1 << 30)
                    : "{\"eventId\":\"x" + traffic.nextInt(1 << 30) + "\",\"status\":999}";
            isInvalid = true;
        } else if (roll < invalidFraction + duplicateFraction && !sentValid.isEmpty()) {
            // a redelivery: sometimes of the last event (same batch), sometimes of an old one (another batch)
            json = traffic.nextInt(2) == 0 ? sentValid.get(sentValid.size() - 1) : sentValid.get(traffic.nextInt(sentValid.size()));
        } else {
            json = new String(EventJson.toBytes(traffic.next(Instant.now().minusSeconds(traffic.nextInt(3600)))), StandardCharsets.UTF_8);
            sentValid.add(json);
            counted = true;
        }
        boolean countValid = counted;
        boolean countInvalid = isInvalid;
        producer.send(new ProducerRecord<>(topic, json), (metadata, error) -> {
            if (error != null) {
                failure = new IllegalStateException("publish failed; the ledger would be wrong", error);
            } else if (countValid) {
                // counted only once Kafka acknowledged it: the pipeline owes us exactly these
                distinctValid.incrementAndGet();
            } else if (countInvalid) {
                invalid.incrementAndGet();
            }
        });
    }

    public long distinctValid() {
        return distinctValid.get();
    }

    public long invalid() {
        return invalid.get();
    }

    @Override
    public void close() throws InterruptedException {
        stop();
        producer.close();
    }
}
