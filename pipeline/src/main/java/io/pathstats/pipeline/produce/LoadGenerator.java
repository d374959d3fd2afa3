package io.pathstats.pipeline.produce;

import io.pathstats.client.TrafficEventProducer;
import io.pathstats.common.traffic.SyntheticTraffic;
import java.time.Clock;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;

/** Publishes demo traffic at a steady rate, paced in 10 ms slices so bursts stay small. */
public final class LoadGenerator {
    private static final long SLICE_NANOS = Duration.ofMillis(10).toNanos();

    private final TrafficEventProducer producer;
    private final SyntheticTraffic traffic;
    private final Clock clock;

    public LoadGenerator(TrafficEventProducer producer, SyntheticTraffic traffic, Clock clock) {
        this.producer = producer;
        this.traffic = traffic;
        this.clock = clock;
    }

    /**
     * @param ratePerSecond events per second
     * @param duration      how long; null runs until {@code keepRunning} turns false
     * @param progress      told the running total after each slice
     * @return events sent
     */
    public long run(double ratePerSecond, Duration duration, BooleanSupplier keepRunning, LongConsumer progress)
            throws InterruptedException {
        long start = System.nanoTime();
        long end = duration == null ? Long.MAX_VALUE : start + duration.toNanos();
        long sent = 0;
        while (keepRunning.getAsBoolean()) {
            long now = System.nanoTime();
            if (now >= end) {
                break;
            }
            long due = (long) ((now - start) / 1e9 * ratePerSecond);
            while (sent < due) {
                producer.send(traffic.next(clock.instant()));
                sent++;
            }
            progress.accept(sent);
            long sleepNanos = SLICE_NANOS - (System.nanoTime() - now);
            if (sleepNanos > 0) {
                Thread.sleep(sleepNanos / 1_000_000, (int) (sleepNanos % 1_000_000));
            }
        }
        producer.flush();
        progress.accept(sent);
        return sent;
    }
}
