package io.pathstats.pipeline;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.pathstats.common.event.EventParser;
import io.pathstats.common.ops.HealthRegistry;
import io.pathstats.common.route.RouteRulesStore;
import io.pathstats.migrations.PartitionMaintenance;
import io.pathstats.pipeline.deadletter.DeadLetterSender;
import io.pathstats.pipeline.hourly.DailyRollup;
import io.pathstats.pipeline.instance.InstanceId;
import io.pathstats.pipeline.instance.StableTransactionalIds;
import io.pathstats.pipeline.produce.TopicSetup;
import io.pathstats.pipeline.progress.ConsumerProgress;
import io.pathstats.pipeline.snapshot.SnapshotWriter;
import io.pathstats.pipeline.validate.CurrentRoutes;
import io.pathstats.pipeline.validate.RouteRulesFile;
import io.pathstats.pipeline.validate.ValidationTopology;
import io.pathstats.pipeline.writer.BatchStore;
import io.pathstats.pipeline.writer.PostgresWriter;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running pipeline: the validation Streams app, the PostgreSQL writers and the snapshot
 * writer, wired by constructor from one {@link PipelineConfig}.
 */
public final class PipelineService implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PipelineService.class);
    private static final int SESSION_TIMEOUT_MS = 10_000;
    private static final int HEARTBEAT_MS = 2_000;
    /** How soon a change of the route rules reaches the events this instance validates. */
    private static final Duration ROUTE_RULES_POLL = Duration.ofSeconds(2);
    /** How often days due for the daily rollup are looked for (a day is rolled once, and again only when it changed). */
    private static final Duration ROLLUP_EVERY = Duration.ofMinutes(1);

    private final KafkaStreams streams;
    private final List<PostgresWriter> writers;
    private final List<Thread> writerThreads;
    private final SnapshotWriter snapshots;
    private final DeadLetterSender deadLetters;
    private final ConsumerProgress progress;
    private final CurrentRoutes routes;
    private final ScheduledExecutorService maintenance;
    private final PipelineMetrics metrics;

    private PipelineService(KafkaStreams streams, List<PostgresWriter> writers, List<Thread> writerThreads, SnapshotWriter snapshots,
                            DeadLetterSender deadLetters, ConsumerProgress progress, CurrentRoutes routes,
                            ScheduledExecutorService maintenance, PipelineMetrics metrics) {
        this.routes = routes;
        this.deadLetters = deadLetters;
        this.progress = progress;
        this.streams = streams;
        this.writers = writers;
        this.writerThreads = writerThreads;
        this.snapshots = snapshots;
        this.maintenance = maintenance;
        this.metrics = metrics;
    }

    /** Every 30 s while events flow, what was written; silent when idle. */
    private static final class ProgressLog implements Runnable {
        private final PipelineMetrics metrics;
        private double lastConsumed;

        ProgressLog(PipelineMetrics metrics) {
            this.metrics = metrics;
        }

        @Override
        public void run() {
            if (metrics.eventsConsumed() > lastConsumed) {
                lastConsumed = metrics.eventsConsumed();
                log.info(metrics.summary());
            }
        }
    }

    public static PipelineService start(PipelineConfig config, DataSource dataSource, MeterRegistry registry,
                                        HealthRegistry health, Clock clock) {
        TopicSetup.Ready topics = TopicSetup.ensureTopics(config.kafka(), config.partitions());
        int retentionDays = (int) config.retention().toDays();
        ScheduledExecutorService maintenance = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "partition-maintenance"));
        // hourly and at start: a day partition must exist before the first event of that day arrives
        maintenance.scheduleWithFixedDelay(() -> ensurePartitions(dataSource, retentionDays), 0, 1, TimeUnit.HOURS);

        PipelineMetrics metrics = new PipelineMetrics(registry);
        EventParser parser = new EventParser(clock, config.retention());
        InstanceId instance = InstanceId.of(config.dataDir().resolve("pipeline"));
        RouteRulesStore rules = new RouteRulesStore(dataSource);
        config.routeRulesFile().ifPresent(file -> RouteRulesFile.apply(file, rules));
        CurrentRoutes routes = new CurrentRoutes(rules);
        routes.start(ROUTE_RULES_POLL);
        KafkaStreams streams = new KafkaStreams(ValidationTopology.build(config.kafka(), parser, routes, metrics, topics.deadLetterMaxRecordBytes()),
                streamsProperties(config, instance), new StableTransactionalIds(config.applicationId(), instance));
        streams.setUncaughtExceptionHandler(e -> {
            log.error("validation stream thread failed; replacing it", e);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        new KafkaStreamsMetrics(streams).bindTo(registry);
        streams.start();

        SnapshotWriter snapshots = new SnapshotWriter(dataSource, config.snapshots(), clock, metrics);
        snapshots.start();
        BatchStore store = new BatchStore(dataSource, config.routeGuard());
        DeadLetterSender deadLetters = new DeadLetterSender(config.kafka().bootstrap(), config.kafka().dlqTopic(),
                topics.deadLetterMaxRecordBytes(), config.applicationId() + "-sink-dead-letters");
        List<PostgresWriter> writers = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < config.writers(); i++) {
            KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(writerConsumerProperties(config, instance, i),
                    new ByteArrayDeserializer(), new ByteArrayDeserializer());
            new KafkaClientMetrics(consumer).bindTo(registry);
            String name = "postgres-writer-" + i;
            PostgresWriter writer = new PostgresWriter(consumer, config.kafka().validTopic(), config.batchMaxEvents(), store, metrics, snapshots,
                    deadLetters, name);
            Thread t = new Thread(writer, name);
            t.start();
            writers.add(writer);
            threads.add(t);
        }
        maintenance.scheduleWithFixedDelay(new ProgressLog(metrics), 30, 30, TimeUnit.SECONDS);
        DailyRollup rollup = new DailyRollup(dataSource);
        maintenance.scheduleWithFixedDelay(() -> rollUp(rollup, clock), 10, ROLLUP_EVERY.toSeconds(), TimeUnit.SECONDS);
        ConsumerProgress progress = new ConsumerProgress(Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafka().bootstrap(),
                AdminClientConfig.CLIENT_ID_CONFIG, config.applicationId() + "-progress")),
                List.of(new ConsumerProgress.Watched(config.applicationId(), config.kafka().topic()),
                        new ConsumerProgress.Watched(config.writerGroupId(), config.kafka().validTopic())),
                config.stallAfter(), clock, registry);
        progress.start();
        health.register(progress);
        health.register(PipelineHealth.stream(streams));
        health.register(PipelineHealth.writers(writers));
        log.info("pipeline {} started: reading {} on {}, {} PostgreSQL writer(s), batches up to {} events, dead letters to {}",
                instance, config.kafka().topic(), config.kafka().bootstrap(), config.writers(), config.batchMaxEvents(),
                config.kafka().dlqTopic());
        return new PipelineService(streams, writers, threads, snapshots, deadLetters, progress, routes, maintenance, metrics);
    }

    private static void rollUp(DailyRollup rollup, Clock clock) {
        try {
            rollup.rollDue(clock.instant());
        } catch (SQLException | RuntimeException e) {
            log.warn("daily rollup failed ({}); windows over those days read the hourly rows until the next round succeeds", e.getMessage());
        }
    }

    private static void ensurePartitions(DataSource ds, int retentionDays) {
        try {
            int created = PartitionMaintenance.ensurePartitions(ds, retentionDays);
            if (created > 0) {
                log.info("created {} day partition(s) of traffic_events", created);
            }
        } catch (SQLException e) {
            log.warn("partition maintenance failed ({}); events keep flowing into the default partition until it succeeds", e.getMessage());
        }
    }

    static Properties streamsProperties(PipelineConfig config, InstanceId instance) {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, config.applicationId());
        p.put(StreamsConfig.CLIENT_ID_CONFIG, config.applicationId() + "-" + instance);
        // static membership: a restarted instance takes its threads' places in the group at once instead of
        // waiting for the dead ones' sessions to expire (Streams appends each thread's index)
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG), config.applicationId() + "-" + instance);
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafka().bootstrap());
        // each raw event lands exactly once in either the validated or the dead-letter topic
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 500);
        // under exactly-once a thread waits on every transaction commit; one thread per partition overlaps the waits
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, config.partitions());
        p.put(StreamsConfig.STATE_DIR_CONFIG, config.stateDir().toString());
        p.put(StreamsConfig.producerPrefix(ProducerConfig.COMPRESSION_TYPE_CONFIG), "none");
        p.put(StreamsConfig.producerPrefix(ProducerConfig.BATCH_SIZE_CONFIG), 128 * 1024);
        // memory is bounded by configuration, never by the input: per stream thread 8 MiB of send
        // buffer, 2 MiB of fetched records and 1,000 polled ones (4 threads: ~45 MiB of the 256 MiB
        // the pipeline is sized for)
        p.put(StreamsConfig.producerPrefix(ProducerConfig.BUFFER_MEMORY_CONFIG), 8L * 1024 * 1024);
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.FETCH_MAX_BYTES_CONFIG), 2 * 1024 * 1024);
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG), 1024 * 1024);
        p.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), 5);
        // one request in flight per broker: with transactions v2 the first batch of a new transaction can be
        // refused (CONCURRENT_TRANSACTIONS) while the last one's markers are written, and batches sent behind it
        // then reach the broker out of sequence; retried, nothing is lost, but the broker logs each as an ERROR
        p.put(StreamsConfig.producerPrefix(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION), 1);
        // records a thread holds between polls outlive young collections (one every ~50 ms at full
        // speed) and are copied by each: 1,000 rather than 5,000 cut the collector's time by a quarter
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.MAX_POLL_RECORDS_CONFIG), 1000);
        // a crashed instance's partitions move to the survivors after 10 s instead of the default 45 s
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), SESSION_TIMEOUT_MS);
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG), HEARTBEAT_MS);
        return p;
    }

    public static Properties writerConsumerProperties(PipelineConfig config, InstanceId instance, int index) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafka().bootstrap());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, config.writerGroupId());
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, config.applicationId() + "-sink-" + index);
        // static membership, as for the stream: a restarted writer gets its partitions back without a rebalance
        p.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, config.writerGroupId() + "-" + instance + "-" + index);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // only events of committed Streams transactions; aborted attempts are never counted
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, PostgresWriter.maxPollRecords(config.batchMaxEvents()));
        p.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, 64 * 1024);
        p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 100);
        p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 1024 * 1024);
        // per writer: at most 2 MiB fetched ahead plus two batches of batchMaxEvents (one being written,
        // one filling). What is fetched ahead can wait out a whole PostgreSQL transaction and end up in
        // the old generation: 8 MiB here made the collector's full collections twice as frequent
        p.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 2 * 1024 * 1024);
        p.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, SESSION_TIMEOUT_MS);
        p.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, HEARTBEAT_MS);
        return p;
    }

    public KafkaStreams.State streamsState() {
        return streams.state();
    }

    @Override
    public void close() {
        progress.close();
        writers.forEach(PostgresWriter::stop);
        for (Thread t : writerThreads) {
            try {
                t.join(Duration.ofSeconds(10).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        deadLetters.close();
        streams.close(Duration.ofSeconds(10));
        routes.close();
        snapshots.close();
        maintenance.shutdownNow();
        log.info("pipeline stopped; {}", metrics.summary());
    }
}
