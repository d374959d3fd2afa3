package io.pathstats.pipeline.progress;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.pathstats.common.ops.HealthCheck;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the pipeline advances, seen from the broker: for each consumer group (the validation
 * stream on the raw topic, the writers on the validated topic) the committed offsets against what is
 * there to read. /health goes DOWN when events that could be read {@code stallAfter} ago are still
 * not consumed, or when a partition's last stable offset has not moved for that long while records
 * lie beyond it (an open transaction holds every read_committed consumer back). A pipeline that stalls can
 * therefore never look healthy. The lag per group and the age of the oldest event a group has not
 * consumed yet (for the writers: not written to PostgreSQL yet) are gauges.
 */
public final class ConsumerProgress implements HealthCheck, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ConsumerProgress.class);

    /** A consumer group and the topic it reads. */
    public record Watched(String group, String topic) {
    }

    /**
     * Offsets a fully consumed partition may still show: a transaction's commit marker takes an
     * offset after its records but is never delivered, so consumers commit the offset before it. (An
     * event stuck alone right before the end of a partition goes unnoticed; any more do not.)
     */
    private static final long MARKER_SLACK = 1;

    private record Offsets(Instant at, Map<TopicPartition, Long> committed, Map<TopicPartition, Long> stable,
                           Map<TopicPartition, Long> end) {
    }

    private final Admin admin;
    private final List<Watched> watched;
    private final Duration stallAfter;
    private final Clock clock;
    private final Map<Watched, Deque<Offsets>> history = new HashMap<>();
    private final Map<Watched, Long> lag = new HashMap<>();
    private final Map<TopicPartition, VisibleSince> visibleSince = new HashMap<>();
    private final Map<Watched, Duration> oldestUnconsumed = new HashMap<>();
    private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "consumer-progress");
        t.setDaemon(true);
        return t;
    });
    private volatile String sampleFailure;

    public ConsumerProgress(Admin admin, List<Watched> watched, Duration stallAfter, Clock clock, MeterRegistry registry) {
        this.admin = admin;
        this.watched = List.copyOf(watched);
        this.stallAfter = stallAfter;
        this.clock = clock;
        for (Watched w : watched) {
            history.put(w, new ArrayDeque<>());
            Gauge.builder("pathstats.consumer.lag.events", this, p -> p.lag(w))
                    .description("events in the topic that the group has not consumed yet, as of the last sample")
                    .tag("group", w.group()).tag("topic", w.topic()).register(registry);
            Gauge.builder("pathstats.consumer.oldest.unconsumed.age", this, p -> p.oldestUnconsumedSeconds(w))
                    .description("how long the oldest event the group has not consumed yet has been readable (0 when caught up), "
                            + "at the resolution of the samples")
                    .baseUnit("seconds").tag("group", w.group()).tag("topic", w.topic()).register(registry);
        }
    }

    public void start() {
        long every = Math.max(200, Math.min(5_000, stallAfter.toMillis() / 5));
        sampler.scheduleWithFixedDelay(this::sampleAll, 0, every, TimeUnit.MILLISECONDS);
    }

    private synchronized double lag(Watched w) {
        Long l = lag.get(w);
        return l == null ? Double.NaN : l;
    }

    private synchronized double oldestUnconsumedSeconds(Watched w) {
        Duration d = oldestUnconsumed.get(w);
        return d == null ? Double.NaN : d.toMillis() / 1000.0;
    }

    private void sampleAll() {
        try {
            for (Watched w : watched) {
                Offsets o = sample(w);
                synchronized (this) {
                    Deque<Offsets> h = history.get(w);
                    h.addLast(o);
                    // keep one sample from before the window, to compare against
                    while (h.size() > 1 && !second(h).at().isAfter(o.at().minus(stallAfter))) {
                        h.removeFirst();
                    }
                    lag.put(w, lagOf(o));
                    oldestUnconsumed.put(w, oldestUnconsumedAge(o));
                }
            }
            sampleFailure = null;
        } catch (Exception e) {
            sampleFailure = e.getClass().getSimpleName() + ": " + e.getMessage();
            log.debug("consumer progress not sampled: {}", sampleFailure);
        }
    }

    private static Offsets second(Deque<Offsets> h) {
        var it = h.iterator();
        it.next();
        return it.next();
    }

    private Offsets sample(Watched w) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(w.group())
                .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
        List<TopicPartition> partitions = new ArrayList<>();
        int count = admin.describeTopics(List.of(w.topic())).allTopicNames().get(10, TimeUnit.SECONDS).get(w.topic()).partitions().size();
        for (int p = 0; p < count; p++) {
            partitions.add(new TopicPartition(w.topic(), p));
        }
        Map<TopicPartition, Long> committedOffsets = new HashMap<>();
        for (TopicPartition tp : partitions) {
            OffsetAndMetadata c = committed.get(tp);
            committedOffsets.put(tp, c == null ? 0L : c.offset());
        }
        return new Offsets(clock.instant(), committedOffsets, offsets(partitions, IsolationLevel.READ_COMMITTED),
                offsets(partitions, IsolationLevel.READ_UNCOMMITTED));
    }

    private Map<TopicPartition, Long> offsets(List<TopicPartition> partitions, IsolationLevel isolation) throws Exception {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        partitions.forEach(tp -> latest.put(tp, OffsetSpec.latest()));
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> info = admin.listOffsets(latest, new ListOffsetsOptions(isolation))
                .all().get(10, TimeUnit.SECONDS);
        Map<TopicPartition, Long> out = new HashMap<>();
        info.forEach((tp, i) -> out.put(tp, i.offset()));
        return out;
    }

    private Duration oldestUnconsumedAge(Offsets o) {
        Duration oldest = Duration.ZERO;
        for (Map.Entry<TopicPartition, Long> e : o.stable().entrySet()) {
            VisibleSince v = visibleSince.computeIfAbsent(e.getKey(), tp -> new VisibleSince());
            v.sampled(e.getValue(), o.at());
            Duration age = v.oldestUnconsumedAge(o.committed().get(e.getKey()), MARKER_SLACK, o.at());
            if (age.compareTo(oldest) > 0) {
                oldest = age;
            }
        }
        return oldest;
    }

    private static long lagOf(Offsets o) {
        long sum = 0;
        for (Map.Entry<TopicPartition, Long> e : o.stable().entrySet()) {
            sum += Math.max(0, e.getValue() - o.committed().get(e.getKey()) - MARKER_SLACK);
        }
        return sum;
    }

    @Override
    public String name() {
        return "pipeline-progress";
    }

    @Override
    public synchronized Status check() {
        if (sampleFailure != null) {
            return Status.down("cannot read consumer offsets from Kafka: " + sampleFailure);
        }
        List<String> problems = new ArrayList<>();
        long totalLag = 0;
        for (Watched w : watched) {
            Deque<Offsets> h = history.get(w);
            if (h.isEmpty()) {
                return Status.up("starting");
            }
            Offsets now = h.getLast();
            Offsets then = h.getFirst();
            totalLag += lag.getOrDefault(w, 0L);
            if (Duration.between(then.at(), now.at()).compareTo(stallAfter) < 0) {
                continue; // not watched for a whole window yet
            }
            long unconsumed = 0;
            for (TopicPartition tp : now.stable().keySet()) {
                long readableThen = then.stable().getOrDefault(tp, 0L);
                long committedNow = now.committed().getOrDefault(tp, 0L);
                if (committedNow < readableThen - MARKER_SLACK) {
                    unconsumed += readableThen - MARKER_SLACK - committedNow;
                }
                long stableNow = now.stable().get(tp);
                // the last stable offset has not moved for a whole window although records lay beyond it at the
                // window's start (or arrived since): a transaction has been open that long
                boolean waitingThen = then.end().getOrDefault(tp, 0L) > readableThen;
                boolean arriving = now.end().get(tp) > then.end().getOrDefault(tp, 0L);
                if (stableNow == readableThen && now.end().get(tp) > stableNow && (waitingThen || arriving)) {
                    problems.add(tp + ": no transaction completed for " + stallAfter.toSeconds() + " s while records wait beyond the last stable offset"
                            + " (" + stableNow + ", end " + now.end().get(tp) + "): an open transaction holds back every read_committed consumer");
                }
            }
            if (unconsumed > 0) {
                problems.add(w.group() + " has not consumed " + unconsumed + " event(s) of " + w.topic() + " that were there "
                        + stallAfter.toSeconds() + " s ago");
            }
        }
        return problems.isEmpty() ? Status.up("advancing; " + totalLag + " event(s) waiting") : Status.down("stalled: " + String.join("; ", problems));
    }

    @Override
    public void close() {
        sampler.shutdownNow();
        admin.close(Duration.ofSeconds(2));
    }
}
