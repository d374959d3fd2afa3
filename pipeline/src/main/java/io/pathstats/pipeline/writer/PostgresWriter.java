package io.pathstats.pipeline.writer;

import io.pathstats.client.EventJson;
import io.pathstats.common.event.InvalidReason;
import io.pathstats.client.TrafficEvent;
import io.pathstats.pipeline.PipelineMetrics;
import io.pathstats.pipeline.deadletter.DeadLetter;
import io.pathstats.pipeline.deadletter.DeadLetterSender;
import io.pathstats.pipeline.row.EventRow;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One PostgreSQL writer: collects a batch of validated events, writes it in one transaction, and
 * only then commits the batch's offsets (docs/architecture.md, rule 4). The transaction runs on the writer's
 * own database thread while this thread collects the next batch, so under a backlog the database
 * never waits for Kafka: one batch in flight, one being collected, nothing more. Under a backlog a
 * batch fills up to the batch limit (a bigger transaction costs less per event: one commit, and
 * fewer aggregate rows per event); without one it goes at once, so light traffic waits for nothing.
 * Offsets are committed batch by batch, in order, each only after its batch is stored. While the
 * database is unreachable the batch in flight is retried with backoff, and once the next batch is
 * full the writer pauses its partitions and keeps polling (staying in the group); a crash at any
 * point replays uncommitted events, which the batch store finds already stored.
 */
public final class PostgresWriter implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(PostgresWriter.class);
    private static final Duration POLL = Duration.ofMillis(200);
    /** A poll while a batch fills or is in flight: short, to hand over the next batch soon after the last is stored. */
    private static final Duration TOP_UP_POLL = Duration.ofMillis(10);
    /**
     * How long a batch may keep filling while the broker reports committed events still waiting: small
     * against the transaction it fills (a batch of 25k events costs PostgreSQL ~10% more per event than one of 50k).
     */
    private static final Duration TOP_UP_MAX = Duration.ofMillis(250);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);
    /** How often a writer that waits for its batch in flight polls, to stay in the group. */
    private static final Duration STAY_IN_GROUP_POLL = Duration.ofSeconds(1);
    private static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(30);

    private final Consumer<byte[], byte[]> consumer;
    private final String topic;
    private final int batchMaxEvents;
    private final BatchStore store;
    private final PipelineMetrics metrics;
    private final BatchListener listener;
    private final DeadLetterSender deadLetters;
    private final ExecutorService database;
    /** The batch being collected, and the one being written (null when none is); both reused. */
    private Batch collecting = new Batch();
    private Batch spare = new Batch();
    private Batch inFlight;
    private Future<BatchResult> stored;
    private final AtomicBoolean running = new AtomicBoolean(true);
    /** What the batch in flight waits for ("PostgreSQL", "the dead-letter topic"), or null while nothing holds it up. */
    private final AtomicReference<String> waitingFor = new AtomicReference<>();
    private volatile String failure;

    /** A batch's rows, the records it dead-letters unread, and the offsets to commit once both are done. */
    private static final class Batch {
        final CopyRows rows = new CopyRows();
        final List<DeadLetter> corrupt = new ArrayList<>();
        final Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        long firstAddedNanos;

        boolean isEmpty() {
            return rows.isEmpty() && corrupt.isEmpty();
        }

        void clear() {
            rows.clear();
            corrupt.clear();
            offsets.clear();
        }
    }

    /**
     * @param batchMaxEvents events per transaction at most; the consumer's max.poll.records must be {@link #maxPollRecords}
     * @param name           names the writer's database thread
     */
    public PostgresWriter(Consumer<byte[], byte[]> consumer, String topic, int batchMaxEvents, BatchStore store, PipelineMetrics metrics,
                      BatchListener listener, DeadLetterSender deadLetters, String name) {
        this.consumer = consumer;
        this.topic = topic;
        this.batchMaxEvents = batchMaxEvents;
        this.store = store;
        this.metrics = metrics;
        this.listener = listener;
        this.deadLetters = deadLetters;
        this.database = Executors.newSingleThreadExecutor(r -> new Thread(r, name + "-db"));
    }

    @Override
    public void run() {
        try {
            consumer.subscribe(List.of(topic));
            while (running.get()) {
                if (inFlight != null && stored.isDone()) {
                    finishInFlight();
                }
                if (inFlight == null && readyToWrite()) {
                    submit();
                }
                if (full()) { // and so a batch is in flight: it was not handed over above
                    waitWhileStayingInGroup();
                } else {
                    boolean busy = inFlight != null || !collecting.isEmpty();
                    add(consumer.poll(busy ? TOP_UP_POLL : POLL));
                }
            }
        } catch (WakeupException e) {
            if (running.get()) {
                failure = "woken up unexpectedly";
                throw e;
            }
        } catch (RuntimeException e) {
            // a defect, not bad input (records that cannot be read or stored are dead-lettered): stop rather
            // than skip anything; offsets stay uncommitted and /health reports the writer as failed
            failure = e.getClass().getSimpleName() + ": " + e.getMessage();
            log.error("PostgreSQL writer stopped: {}; the other writers continue, restart the pipeline after fixing the cause",
                    failure, e);
        } finally {
            finishOnShutdown();
            database.shutdownNow();
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
        }
    }

    /** Records per poll: a fraction of the batch, so that topping up never overshoots it. */
    public static int maxPollRecords(int batchMaxEvents) {
        return Math.max(1, Math.min(5_000, batchMaxEvents / 4));
    }

    private boolean full() {
        return collecting.rows.events() + maxPollRecords(batchMaxEvents) > batchMaxEvents;
    }

    /**
     * Whether the batch being collected should go now: when it is full, when nothing more waits in
     * the partitions, or when it has been filling for {@link #TOP_UP_MAX}.
     */
    private boolean readyToWrite() {
        if (collecting.isEmpty()) {
            return false;
        }
        return full() || !backlog() || System.nanoTime() - collecting.firstAddedNanos > TOP_UP_MAX.toNanos();
    }

    private void add(ConsumerRecords<byte[], byte[]> records) {
        if (records.isEmpty()) {
            return;
        }
        if (collecting.isEmpty()) {
            collecting.firstAddedNanos = System.nanoTime();
        }
        for (TopicPartition tp : records.partitions()) {
            List<ConsumerRecord<byte[], byte[]>> inPartition = records.records(tp);
            for (ConsumerRecord<byte[], byte[]> r : inPartition) {
                byte[] value;
                try {
                    value = EventRow.currentFormat(r.value());
                } catch (IllegalArgumentException e) {
                    // not written by the validation stream: dead-lettered as it is, with the batch
                    collecting.corrupt.add(deadLetters.letter(r.key(), r.value(), r.headers(), InvalidReason.CORRUPT_RECORD,
                            e.getMessage(), source(tp.partition(), r.offset())));
                    continue;
                }
                collecting.rows.add(value, tp.partition(), r.offset());
            }
            // the highest offset per partition: a rebalance while a batch fills can hand a partition back
            // rewound, so its records may appear twice (the batch keeps one of each event)
            collecting.offsets.merge(tp, new OffsetAndMetadata(inPartition.get(inPartition.size() - 1).offset() + 1),
                    (a, b) -> a.offset() >= b.offset() ? a : b);
        }
    }

    private void submit() {
        inFlight = collecting;
        collecting = spare;
        spare = null;
        Batch batch = inFlight;
        stored = database.submit(() -> writeUntilStored(batch));
    }

    /** Commits the stored batch's offsets and makes its buffers the spare. */
    private void finishInFlight() {
        BatchResult result = storedResult();
        if (result != null) {
            commit(inFlight.offsets);
            listener.batchCommitted(result);
        }
        inFlight.clear();
        spare = inFlight;
        inFlight = null;
        stored = null;
    }

    private BatchResult storedResult() {
        try {
            return stored.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while a batch was being stored", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("storing a batch failed: " + e.getCause().getMessage(), e.getCause());
        }
    }

    /**
     * The next batch is full and the last is still being written (for long only while the database
     * is unreachable): fetch nothing more, but keep polling so the group does not evict us, and hand
     * over the next batch the moment the last one is stored.
     */
    private void waitWhileStayingInGroup() {
        consumer.pause(consumer.assignment());
        while (running.get() && !storedWithin(STAY_IN_GROUP_POLL)) {
            ConsumerRecords<byte[], byte[]> unexpected = consumer.poll(Duration.ZERO);
            // partitions assigned during this poll were not paused yet: rewind them so nothing is skipped
            for (TopicPartition tp : unexpected.partitions()) {
                consumer.seek(tp, unexpected.records(tp).get(0).offset());
            }
            consumer.pause(consumer.assignment());
        }
        consumer.resume(consumer.paused());
    }

    private boolean storedWithin(Duration wait) {
        try {
            stored.get(wait.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            return true; // finishInFlight reports it
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while a batch was being stored", e);
        }
    }

    /** Lets a batch that is being written finish, so its offsets can be committed rather than replayed. */
    private void finishOnShutdown() {
        if (inFlight == null) {
            return;
        }
        try {
            BatchResult result = stored.get(SHUTDOWN_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            if (result != null) {
                consumer.commitSync(inFlight.offsets);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException | KafkaException e) {
            // nothing lost: the batch's events stay uncommitted and are replayed, and the writer dedups them
            log.info("a batch in flight at shutdown was not committed ({}); its events will be replayed and deduplicated", e.toString());
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

    /**
     * Runs on the database thread: stores the batch, then dead-letters what PostgreSQL refused and
     * what could not be read, and only then lets its offsets be committed. Retried with backoff while
     * either is unavailable (storing again is harmless: the stored events are found and skipped).
     * Null if the writer stopped before the batch was done.
     */
    private BatchResult writeUntilStored(Batch batch) throws InterruptedException {
        Duration backoff = Duration.ofMillis(100);
        while (running.get()) {
            String step = "PostgreSQL";
            try {
                long started = System.nanoTime();
                BatchResult result = store.write(batch.rows);
                step = "the dead-letter topic";
                deadLetter(batch, result.rejected());
                metrics.batch(result, Duration.ofNanos(System.nanoTime() - started));
                String waited = waitingFor.getAndSet(null);
                if (waited != null) {
                    log.info("{} is reachable again; the held batch of {} events is stored, resuming consumption", waited, batch.rows.events());
                }
                return result;
            } catch (SQLException | KafkaException e) {
                metrics.dbFailure();
                if (waitingFor.getAndSet(step) == null) {
                    log.warn("cannot write to {} ({}); holding a batch of {} events, retrying with backoff up to {} s; "
                            + "no offsets are committed meanwhile", step, e.getMessage(), batch.rows.events(), MAX_BACKOFF.toSeconds());
                }
                Thread.sleep(backoff.toMillis());
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            }
        }
        return null;
    }

    private void deadLetter(Batch batch, List<RejectedRow> rejected) {
        if (rejected.isEmpty() && batch.corrupt.isEmpty()) {
            return;
        }
        List<DeadLetter> letters = new ArrayList<>(batch.corrupt);
        for (RejectedRow row : rejected) {
            TrafficEvent event = EventRow.decode(row.record());
            letters.add(deadLetters.letter(event.path().getBytes(StandardCharsets.UTF_8), EventJson.toBytes(event), new RecordHeaders(),
                    InvalidReason.REJECTED_BY_DATABASE, row.error(), source(row.partition(), row.offset())));
        }
        deadLetters.send(letters);
        batch.corrupt.forEach(letter -> metrics.invalid(InvalidReason.CORRUPT_RECORD));
        rejected.forEach(row -> metrics.invalid(InvalidReason.REJECTED_BY_DATABASE));
        log.warn("dead-lettered {} event(s) PostgreSQL refused and {} unreadable record(s) of {}; the rest of the batch is stored",
                rejected.size(), batch.corrupt.size(), topic);
    }

    private String source(int partition, long offset) {
        return partition < 0 ? null : topic + "-" + partition + "@" + offset;
    }

    private void commit(Map<TopicPartition, OffsetAndMetadata> offsets) {
        try {
            consumer.commitSync(offsets);
        } catch (CommitFailedException | RebalanceInProgressException e) {
            // partitions moved to another writer; it replays these events and the writer dedups them
            log.info("offsets not committed because partitions were reassigned: {}", e.getMessage());
        }
    }

    /** What the batch in flight waits for (PostgreSQL or the dead-letter topic), or null. */
    public String waitingFor() {
        return waitingFor.get();
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
