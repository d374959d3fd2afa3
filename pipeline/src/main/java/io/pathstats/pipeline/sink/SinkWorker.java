package io.pathstats.pipeline.sink;

import io.pathstats.pipeline.PipelineMetrics;
import io.pathstats.pipeline.validate.ValidatedEventCodec;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One PostgreSQL writer: polls a batch of validated events, writes it in one transaction, and only
 * then commits the batch's offsets (DESIGN.md rule 4). Under a backlog a batch is topped up with
 * what the consumer has already fetched, up to the batch limit: a bigger transaction costs less per
 * event (one commit, and fewer aggregate rows per event). Nothing is held across a commit. While the
 * database is unreachable it keeps the batch, pauses its partitions (staying in the group) and
 * retries with backoff; a crash at any point replays uncommitted events, which the writer dedups.
 */
public final class SinkWorker implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(SinkWorker.class);
    private static final Duration POLL = Duration.ofMillis(200);
    /** One top-up poll's wait for a fetch in flight. */
    private static final Duration TOP_UP_POLL = Duration.ofMillis(10);
    /**
     * How long topping up may go on while the broker reports committed events still waiting: small
     * against the transaction it fills (a batch of 25k events costs PostgreSQL ~10% more per event than one of 50k).
     */
    private static final Duration TOP_UP_MAX = Duration.ofMillis(250);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

    private final Consumer<byte[], byte[]> consumer;
    private final String topic;
    private final int batchMaxEvents;
    private final EventBatchWriter writer;
    private final PipelineMetrics metrics;
    private final BatchListener listener;
    /** The batch being collected, reused: nothing of it is held across a commit. */
    private final CopyRows batch = new CopyRows();
    private final Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicBoolean waitingForDatabase = new AtomicBoolean(false);
    private volatile String failure;

    /** @param batchMaxEvents events per transaction at most; the consumer's max.poll.records must be {@link #maxPollRecords} */
    public SinkWorker(Consumer<byte[], byte[]> consumer, String topic, int batchMaxEvents, EventBatchWriter writer, PipelineMetrics metrics,
                      BatchListener listener) {
        this.consumer = consumer;
        this.topic = topic;
        this.batchMaxEvents = batchMaxEvents;
        this.writer = writer;
        this.metrics = metrics;
        this.listener = listener;
    }

    @Override
    public void run() {
        try {
            consumer.subscribe(List.of(topic));
            while (running.get()) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL);
                if (!records.isEmpty()) {
                    handle(records);
                }
            }
        } catch (WakeupException e) {
            if (running.get()) {
                failure = "woken up unexpectedly";
                throw e;
            }
        } catch (RuntimeException e) {
            // e.g. an unreadable record on the validated topic: stop rather than skip it (skipping loses
            // an event); its offset stays uncommitted and /health reports the writer as failed
            failure = e.getClass().getSimpleName() + ": " + e.getMessage();
            log.error("PostgreSQL writer stopped: {}; the other writers continue, restart the pipeline after fixing the cause",
                    failure, e);
        } finally {
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
        }
    }

    /** Records per poll: a fraction of the batch, so that topping up never overshoots it. */
    public static int maxPollRecords(int batchMaxEvents) {
        return Math.max(1, Math.min(5_000, batchMaxEvents / 4));
    }

    /**
     * The first poll's records plus, while the batch has room, what is fetched already or still waits
     * in the partitions (a backlog), written in one transaction; then the highest offset per partition
     * is committed. Without a backlog the batch goes at once, so light traffic waits for nothing.
     */
    private void handle(ConsumerRecords<byte[], byte[]> first) {
        batch.clear();
        offsets.clear();
        add(first);
        int perPoll = maxPollRecords(batchMaxEvents);
        long deadline = System.nanoTime() + TOP_UP_MAX.toNanos();
        while (batch.size() + perPoll <= batchMaxEvents && System.nanoTime() < deadline) {
            ConsumerRecords<byte[], byte[]> more = consumer.poll(TOP_UP_POLL);
            if (!more.isEmpty()) {
                add(more);
            } else if (!backlog()) {
                break;
            }
        }
        long started = System.nanoTime();
        BatchResult result = writeUntilStored(batch);
        if (result == null) {
            return; // shutting down: the batch was not stored and its offsets stay uncommitted
        }
        metrics.batch(result.events(), result.inserted(), Duration.ofNanos(System.nanoTime() - started));
        commit(offsets);
        listener.batchCommitted(result);
    }

    private void add(ConsumerRecords<byte[], byte[]> records) {
        for (TopicPartition tp : records.partitions()) {
            List<ConsumerRecord<byte[], byte[]>> inPartition = records.records(tp);
            for (ConsumerRecord<byte[], byte[]> r : inPartition) {
                batch.add(ValidatedEventCodec.currentFormat(r.value()));
            }
            // the highest offset per partition: a rebalance during a top-up can hand a partition back
            // rewound, so its records may appear twice (the insert dedups them)
            offsets.merge(tp, new OffsetAndMetadata(inPartition.get(inPartition.size() - 1).offset() + 1),
                    (a, b) -> a.offset() >= b.offset() ? a : b);
        }
    }

    /** Whether committed events wait beyond what was polled, as of the consumer's last fetch (no broker call). */
    private boolean backlog() {
        for (TopicPartition tp : consumer.assignment()) {
            if (consumer.currentLag(tp).orElse(0) > 0) {
                return true;
            }
        }
        return false;
    }

    private BatchResult writeUntilStored(CopyRows events) {
        Duration backoff = Duration.ofMillis(100);
        while (running.get()) {
            try {
                BatchResult result = writer.write(events);
                if (waitingForDatabase.getAndSet(false)) {
                    log.info("PostgreSQL is reachable again; the held batch of {} events is stored, resuming consumption", events.size());
                    consumer.resume(consumer.paused());
                }
                return result;
            } catch (SQLException e) {
                metrics.dbFailure();
                if (!waitingForDatabase.getAndSet(true)) {
                    log.warn("cannot write to PostgreSQL ({}); holding a batch of {} events, retrying with backoff up to {} s; "
                            + "no offsets are committed meanwhile", e.getMessage(), events.size(), MAX_BACKOFF.toSeconds());
                }
                waitWhileStayingInGroup(backoff);
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            }
        }
        return null;
    }

    /** Polls with every partition paused, so the group does not evict us while the database is down. */
    private void waitWhileStayingInGroup(Duration backoff) {
        consumer.pause(consumer.assignment());
        ConsumerRecords<byte[], byte[]> unexpected = consumer.poll(backoff);
        // partitions assigned during this poll were not paused yet: rewind them so nothing is skipped
        for (TopicPartition tp : unexpected.partitions()) {
            consumer.seek(tp, unexpected.records(tp).get(0).offset());
        }
        consumer.pause(consumer.assignment());
    }

    private void commit(Map<TopicPartition, OffsetAndMetadata> offsets) {
        try {
            consumer.commitSync(offsets);
        } catch (CommitFailedException | RebalanceInProgressException e) {
            // partitions moved to another writer; it replays these events and the writer dedups them
            log.info("offsets not committed because partitions were reassigned: {}", e.getMessage());
        }
    }

    public boolean waitingForDatabase() {
        return waitingForDatabase.get();
    }

    /** Why this writer stopped on its own, or null while it runs. */
    public String failure() {
        return failure;
    }

    public void stop() {
        running.set(false);
        consumer.wakeup();
    }
}
