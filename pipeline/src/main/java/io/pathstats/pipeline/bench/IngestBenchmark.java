package io.pathstats.pipeline.bench;

import io.pathstats.common.config.KafkaSettings;
import io.pathstats.common.event.TrafficEvent;
import io.pathstats.pipeline.PipelineConfig;
import io.pathstats.pipeline.produce.TrafficEventProducer;
import java.io.PrintStream;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import javax.sql.DataSource;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * {@code pathstats bench ingest}: publishes N events first, then times the pipeline draining them
 * into PostgreSQL until the counts are exact; in the same run, on the same server, a raw COPY of
 * the distinct events and the naive per-event design on a subset.
 */
public final class IngestBenchmark {
    public static final int NAIVE_SUBSET = 20_000;

    private final KafkaSettings kafka;
    private final String applicationId;
    private final DataSource dataSource;
    private final PrintStream out;

    /** @param applicationId the pipeline's application id (its validation stream's consumer group) */
    public IngestBenchmark(KafkaSettings kafka, String applicationId, DataSource dataSource, PrintStream out) {
        this.kafka = kafka;
        this.applicationId = applicationId;
        this.dataSource = dataSource;
        this.out = out;
    }

    public record Result(int events, int distinct, boolean exact, double eventsPerSec, double copyRowsPerSec,
                         double naiveEventsPerSec, double drainSeconds, double startupSeconds) {
        public String json() {
            return String.format(Locale.ROOT, "{\"bench\":\"ingest\",\"events\":%d,\"distinct\":%d,\"exact\":%b,"
                            + "\"eventsPerSec\":%.0f,\"copyRowsPerSec\":%.0f,\"ratioToCopy\":%.3f,\"naiveEventsPerSec\":%.0f,"
                            + "\"speedupVsNaive\":%.1f,\"drainSeconds\":%.2f,\"startupSeconds\":%.2f}",
                    events, distinct, exact, eventsPerSec, copyRowsPerSec, eventsPerSec / copyRowsPerSec, naiveEventsPerSec,
                    eventsPerSec / naiveEventsPerSec, drainSeconds, startupSeconds);
        }
    }

    public Result run(int total, double duplicateFraction, int paths, PipelineLauncher launcher) throws Exception {
        out.println("server: " + BenchDatabase.settings(dataSource));
        out.printf(Locale.ROOT, "generating %,d events (%.0f%% duplicates, %,d Zipf paths, last 47 h)%n", total, duplicateFraction * 100, paths);
        BenchEvents events = BenchEvents.generate(total, duplicateFraction, paths, 42, Instant.now());
        publish(events.published());

        long launched = System.nanoTime();
        long consumingAt = 0;
        long validatedAt = 0;
        long exactAt;
        // The clock starts when the validation stream's group has its partitions (JVM start and the
        // first rebalance are startup) and stops when the counts are exact. Progress comes from the
        // writers' committed offsets (committed only after the data is in PostgreSQL), read from the
        // broker, so the measurement does not scan the growing aggregate table every 200 ms on the
        // database under test. The rows are counted once at the end.
        try (AutoCloseable pipeline = launcher.start();
             TopicProgress validTopic = new TopicProgress(kafka.bootstrap(), kafka.validTopic());
             ProgressBar bar = bar("draining", total)) {
            while (consumingAt == 0) {
                if (validTopic.consuming(applicationId)) {
                    consumingAt = System.nanoTime();
                } else if (System.nanoTime() - launched > 5L * 60 * 1_000_000_000L) {
                    throw new IllegalStateException("the pipeline's validation stream did not start consuming within 5 minutes");
                } else {
                    Thread.sleep(20);
                }
            }
            while (true) {
                long written = validTopic.consumedBy(PipelineConfig.sinkGroupId(applicationId));
                if (validatedAt == 0 && validTopic.committedRecords() >= total) {
                    validatedAt = System.nanoTime();
                }
                bar.stepTo(Math.min(written, total));
                if (written >= total && BenchDatabase.single(dataSource, "SELECT coalesce(sum(requests), 0) FROM path_stats_hourly")
                        >= events.distinct()) {
                    exactAt = System.nanoTime();
                    break;
                }
                if (System.nanoTime() - launched > 30L * 60 * 1_000_000_000L) {
                    throw new IllegalStateException("the pipeline did not drain within 30 minutes (" + written + " of " + total
                            + " events written)");
                }
                Thread.sleep(200);
            }
        }
        long requests = BenchDatabase.single(dataSource, "SELECT sum(requests) FROM path_stats_hourly");
        long rows = BenchDatabase.single(dataSource, "SELECT count(*) FROM traffic_events");
        boolean exact = requests == events.distinct() && rows == events.distinct();
        double drain = (exactAt - consumingAt) / 1e9;
        double startup = (consumingAt - launched) / 1e9;
        double eventsPerSec = total / drain;
        out.printf(Locale.ROOT, "pipeline: %,d events (%,d distinct) drained in %.1f s after a %.1f s start: %,.0f events/s; exact=%b%n",
                total, events.distinct(), drain, startup, eventsPerSec, exact);
        if (validatedAt > 0) {
            out.printf(Locale.ROOT, "  of which the validation stream had passed all events on after %.1f s (%,.0f events/s)%n",
                    (validatedAt - consumingAt) / 1e9, total / ((validatedAt - consumingAt) / 1e9));
        }

        List<TrafficEvent> distinct = events.distinctEvents();
        double copy = Baselines.copyRowsPerSecond(dataSource, distinct);
        out.printf(Locale.ROOT, "baseline: raw COPY of the %,d distinct events, random-UUID primary key: %,.0f rows/s%n", distinct.size(), copy);
        double naive = Baselines.naiveEventsPerSecond(dataSource, events.published().subList(0, Math.min(NAIVE_SUBSET, total)));
        out.printf(Locale.ROOT, "baseline: naive per-event insert + upsert, autocommit, %,d events: %,.0f events/s%n",
                Math.min(NAIVE_SUBSET, total), naive);
        return new Result(total, events.distinct(), exact, eventsPerSec, copy, naive, drain, startup);
    }

    private void publish(List<TrafficEvent> events) {
        long start = System.nanoTime();
        try (TrafficEventProducer producer = new TrafficEventProducer(kafka); ProgressBar bar = bar("publishing", events.size())) {
            int i = 0;
            for (TrafficEvent e : events) {
                producer.send(e);
                if (++i % 10_000 == 0) {
                    bar.stepTo(i);
                }
            }
            producer.flush();
            bar.stepTo(i);
        }
        out.printf(Locale.ROOT, "published %,d events in %.1f s%n", events.size(), (System.nanoTime() - start) / 1e9);
    }

    static ProgressBar bar(String task, long max) {
        return new ProgressBarBuilder().setTaskName(task).setInitialMax(max).setStyle(ProgressBarStyle.ASCII)
                .setUnit(" ev", 1).showSpeed().setUpdateIntervalMillis(500).build();
    }
}
