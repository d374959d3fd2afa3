package io.pathstats.pipeline;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.pathstats.common.event.InvalidReason;
import io.pathstats.pipeline.writer.BatchResult;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** The pipeline's meters, named so an operator can read them without the source. */
public final class PipelineMetrics {
    private final Counter validated;
    private final Map<InvalidReason, Counter> invalid = new EnumMap<>(InvalidReason.class);
    private final Map<InvalidReason, LastHour> invalidLastHour = new EnumMap<>(InvalidReason.class);
    private final Counter consumed;
    private final Counter inserted;
    private final Counter duplicates;
    private final DistributionSummary batchSize;
    private final Timer batchDuration;
    private final Counter dbFailures;
    private final Counter overflowed;
    private final Counter collapsed;
    private final Timer snapshotBuild;
    private final AtomicLong lastSnapshotEpochMs = new AtomicLong();

    public PipelineMetrics(MeterRegistry registry) {
        validated = Counter.builder("pathstats.events.valid").description("events that passed validation").register(registry);
        for (InvalidReason r : InvalidReason.values()) {
            invalid.put(r, Counter.builder("pathstats.events.invalid").tag("reason", r.tag())
                    .description("events sent to the dead-letter topic, by reason").register(registry));
            LastHour lastHour = new LastHour();
            invalidLastHour.put(r, lastHour);
            Gauge.builder("pathstats.events.invalid.last.hour", lastHour, h -> h.total(System.currentTimeMillis())).tag("reason", r.tag())
                    .description("events sent to the dead-letter topic in the last 60 minutes, by reason (this process)").register(registry);
        }
        consumed = Counter.builder("pathstats.sink.events.consumed").description("validated events read by the PostgreSQL writers").register(registry);
        inserted = Counter.builder("pathstats.sink.events.inserted").description("events newly stored and counted").register(registry);
        duplicates = Counter.builder("pathstats.sink.events.duplicate").description("redelivered or duplicate events ignored").register(registry);
        batchSize = DistributionSummary.builder("pathstats.sink.batch.size").baseUnit("events").description("events per database transaction")
                .register(registry);
        batchDuration = Timer.builder("pathstats.sink.batch.duration").description("time of one batch transaction").register(registry);
        overflowed = Counter.builder("pathstats.routes.overflow.events")
                .description("events counted under /{overflow} because their proxy had reached its cap of routes in the hour").register(registry);
        collapsed = Counter.builder("pathstats.routes.collapsed")
                .description("route positions the cardinality guard made {var}").register(registry);
        dbFailures = Counter.builder("pathstats.sink.db.failures").description("batch transactions that failed and were retried").register(registry);
        snapshotBuild = Timer.builder("pathstats.snapshot.build").description("time to build and store one snapshot").register(registry);
        registry.gauge("pathstats.snapshot.age.seconds", lastSnapshotEpochMs,
                v -> v.get() == 0 ? Double.NaN : (System.currentTimeMillis() - v.get()) / 1000.0);
    }

    public void valid() {
        validated.increment();
    }

    public void invalid(InvalidReason reason) {
        invalid.get(reason).increment();
        invalidLastHour.get(reason).add(System.currentTimeMillis());
    }

    /** A stored batch: its events, how many were new, how many already stored (dead letters are counted by reason). */
    public void batch(BatchResult result, Duration took) {
        consumed.increment(result.events());
        inserted.increment(result.inserted());
        duplicates.increment(result.duplicates());
        overflowed.increment(result.overflowed());
        collapsed.increment(result.collapsed());
        batchSize.record(result.events());
        batchDuration.record(took);
    }

    /** One line for the log: totals so far, and the average batch. */
    public String summary() {
        return String.format(java.util.Locale.ROOT,
                "%,.0f events written (%,.0f new, %,.0f duplicates) in %,d batches of %,.0f on average (%.0f ms each); %,.0f dead-lettered",
                consumed.count(), inserted.count(), duplicates.count(), batchSize.count(), batchSize.mean(),
                batchDuration.mean(java.util.concurrent.TimeUnit.MILLISECONDS), invalid.values().stream().mapToDouble(Counter::count).sum());
    }

    public double eventsConsumed() {
        return consumed.count();
    }

    public void dbFailure() {
        dbFailures.increment();
    }

    public void snapshotWritten(Duration took) {
        snapshotBuild.record(took);
        lastSnapshotEpochMs.set(System.currentTimeMillis());
    }
}
