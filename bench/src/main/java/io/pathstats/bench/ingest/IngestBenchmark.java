package io.pathstats.bench.ingest;

import io.pathstats.bench.BenchDatabase;
import io.pathstats.bench.CompilationTime;
import io.pathstats.bench.PipelineLauncher;
import io.pathstats.bench.ProgressBars;
import io.pathstats.common.config.KafkaSettings;
import io.pathstats.client.TrafficEvent;
import io.pathstats.pipeline.PipelineConfig;
import io.pathstats.client.TrafficEventProducer;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import javax.sql.DataSource;
import me.tongfei.progressbar.ProgressBar;

/**
 * {@code pathstats bench ingest}: publishes N events first, then times the pipeline draining them
 * into PostgreSQL until the counts are exact; in the same run, on the same server, a raw COPY of
 * the distinct events and the naive per-event design on a subset. The pipeline under test has
 * drained rounds of warm-up events first, as a running deployment would have; the first round is
 * reported as the cold-start figure.
 */
public final class IngestBenchmark {
    public static final int NAIVE_SUBSET = 20_000;
    private static final int COMMIT_SAMPLE = 5_000;
    private static final Duration MEASURED_SPAN = Duration.ofHours(46);
    /**
     * The warm-up traffic precedes the measured traffic, as a running deployment's earlier traffic
     * does; it ends where the measured set begins and stays within the 3-day detail retention.
     */
    private static final Duration WARMUP_SPAN = Duration.ofHours(23);

    private final KafkaSettings kafka;
    private final String applicationId;
    private final DataSource dataSource;
    private final PrintStream out;
    private final boolean realisticUrls;

    /**
     * @param applicationId the pipeline's application id (its validation stream's consumer group)
     * @param realisticUrls also time raw URLs with ids (the templater's work): every other warm-up round has them, and
     *                      the timed set of fixed paths is followed by one with ids and another of fixed paths, so that
     *                      the set with ids is compared with the fixed-path drains on either side of it
     */
    public IngestBenchmark(KafkaSettings kafka, String applicationId, DataSource dataSource, PrintStream out, boolean realisticUrls) {
        this.realisticUrls = realisticUrls;
        this.kafka = kafka;
        this.applicationId = applicationId;
        this.dataSource = dataSource;
        this.out = out;
    }

    public record Result(int events, int distinct, boolean exact, double eventsPerSec, double copyRowsPerSec,
                         double naiveEventsPerSec, double commitsPerSec, double drainSeconds, double startupSeconds, int warmupEvents,
                         double coldEventsPerSec, double drainJitSeconds, Double templatedEventsPerSec, Double idFreeAroundEventsPerSec,
                         AggregateRowSize rowSize) {
        public String json() {
            return String.format(Locale.ROOT, "{\"bench\":\"ingest\",\"events\":%d,\"distinct\":%d,\"exact\":%b,"
                            + "\"eventsPerSec\":%.0f,\"copyRowsPerSec\":%.0f,\"ratioToCopy\":%.3f,\"naiveEventsPerSec\":%.0f,"
                            + "\"speedupVsNaive\":%.1f,\"commitsPerSec\":%.0f,\"drainSeconds\":%.2f,\"startupSeconds\":%.2f,\"warmupEvents\":%d,"
                            + "\"coldEventsPerSec\":%.0f,\"drainJitSeconds\":%.1f,%s%s}",
                    events, distinct, exact, eventsPerSec, copyRowsPerSec, eventsPerSec / copyRowsPerSec, naiveEventsPerSec,
                    eventsPerSec / naiveEventsPerSec, commitsPerSec, drainSeconds, startupSeconds, warmupEvents, coldEventsPerSec,
                    drainJitSeconds, rowSize.jsonFields(), templatedEventsPerSec == null ? "" : String.format(Locale.ROOT,
                            ",\"templatedEventsPerSec\":%.0f,\"idFreeAroundEventsPerSec\":%.0f,\"templatedToIdFree\":%.3f",
                            templatedEventsPerSec, idFreeAroundEventsPerSec, templatedEventsPerSec / idFreeAroundEventsPerSec));
        }
    }

    /** How long one published set took to drain, and whether it was then counted exactly. */
    private record Drain(double seconds, boolean exact) {
    }

    /**
     * @param warmup       events per warm-up round, drained first, untimed except as the cold-start
     *                     figure (the first round): a pipeline that has just started spends a fifth of
     *                     the machine's CPU compiling its own hot code (and the broker's), which a
     *                     running deployment has long done
     * @param warmupRounds how many such rounds
     */
    public Result run(int total, int warmup, int warmupRounds, double duplicateFraction, int paths, PipelineLauncher launcher)
            throws Exception {
        out.println("server: " + BenchDatabase.settings(dataSource));
        out.printf(Locale.ROOT, "generating %,d events (%.0f%% duplicates, %,d Zipf paths, over the 46 h up to an hour ago); %d warm-up "
                        + "rounds of %,d events like them over the 23 h before%n", total, duplicateFraction * 100, paths, warmupRounds, warmup);
        Instant measuredFrom = Instant.now().minus(MEASURED_SPAN).minus(Duration.ofHours(1));
        BenchEvents events = BenchEvents.generate(total, duplicateFraction, paths, 42, measuredFrom, MEASURED_SPAN);

        long launched = System.nanoTime();
        double startup;
        WarmUp warm = new WarmUp(0, 0, 0, true);
        Drain measured;
        Drain templated = null;
        Drain fixedAgain = null;
        double drainJit;
        try (PipelineLauncher.RunningPipeline pipeline = launcher.start();
             TopicProgress validTopic = new TopicProgress(kafka.bootstrap(), kafka.validTopic())) {
            while (!validTopic.consuming(applicationId) || !answers(pipeline)) {
                if (System.nanoTime() - launched > 5L * 60 * 1_000_000_000L) {
                    throw new IllegalStateException("the pipeline's validation stream did not start consuming, or its /metrics did not "
                            + "answer, within 5 minutes");
                }
                Thread.sleep(20);
            }
            startup = (System.nanoTime() - launched) / 1e9;
            if (warmup > 0 && warmupRounds > 0) {
                warm = warmUp(warmupRounds, warmup, duplicateFraction, paths, measuredFrom, pipeline, validTopic);
            }
            ServerActivity before = ServerActivity.read(dataSource);
            double jitBefore = compilationSeconds(pipeline);
            measured = drain("draining", events, warm.distinct(), validTopic);
            drainJit = compilationSeconds(pipeline) - jitBefore;
            Thread.sleep(1_000); // backends report their statistics at most once a second
            out.println("  PostgreSQL wrote per event: " + ServerActivity.read(dataSource).perEventSince(before, total));
            out.printf(Locale.ROOT, "  JIT compilation meanwhile, pipeline and broker JVMs together: %.1f s%n", drainJit);
            if (realisticUrls) {
                BenchEvents withIds = BenchEvents.generate(total, duplicateFraction, paths, true, 43, measuredFrom, MEASURED_SPAN);
                templated = drain("draining raw URLs with ids", withIds, warm.distinct() + events.distinct(), validTopic);
                out.printf(Locale.ROOT, "pipeline: %,d events with ids in their paths drained in %.1f s: %,.0f events/s; exact=%b%n",
                        total, templated.seconds(), total / templated.seconds(), templated.exact());
                BenchEvents again = BenchEvents.generate(total, duplicateFraction, paths, false, 44, measuredFrom, MEASURED_SPAN);
                fixedAgain = drain("draining fixed paths again", again, warm.distinct() + events.distinct() + withIds.distinct(), validTopic);
                out.printf(Locale.ROOT, "pipeline: %,d events of fixed paths again drained in %.1f s: %,.0f events/s; exact=%b%n",
                        total, fixedAgain.seconds(), total / fixedAgain.seconds(), fixedAgain.exact());
            }
        }
        boolean exact = measured.exact() && warm.exact() && (templated == null || templated.exact() && fixedAgain.exact());
        double eventsPerSec = total / measured.seconds();
        out.printf(Locale.ROOT, "pipeline: %,d events (%,d distinct) drained in %.1f s: %,.0f events/s; exact=%b (started in %.1f s)%n",
                total, events.distinct(), measured.seconds(), eventsPerSec, exact, startup);
        AggregateRowSize rowSize = AggregateRowSize.measure(dataSource);
        out.println("aggregates: " + rowSize);

        List<TrafficEvent> distinct = events.distinctEvents();
        double copy = Baselines.copyRowsPerSecond(dataSource, distinct);
        out.printf(Locale.ROOT, "baseline: raw COPY of the %,d distinct events, random-UUID primary key: %,.0f rows/s%n", distinct.size(), copy);
        double naive = Baselines.naiveEventsPerSecond(dataSource, events.published().subList(0, Math.min(NAIVE_SUBSET, total)));
        out.printf(Locale.ROOT, "baseline: naive per-event insert + upsert, autocommit, %,d events: %,.0f events/s%n",
                Math.min(NAIVE_SUBSET, total), naive);
        double commits = Baselines.commitsPerSecond(dataSource, COMMIT_SAMPLE);
        out.printf(Locale.ROOT, "baseline: %,.0f durable commits/s in one session; the naive design commits twice per event, "
                + "so this disk's flush rate caps it near %,.0f events/s%n", commits, commits / 2);
        return new Result(total, events.distinct(), exact, eventsPerSec, copy, naive, commits, measured.seconds(), startup, warm.events(),
                warm.coldEventsPerSec(), drainJit, templated == null ? null : total / templated.seconds(),
                templated == null ? null : (eventsPerSec + total / fixedAgain.seconds()) / 2, rowSize);
    }

    /** What the warm-up rounds drained, and the first round's rate: a freshly started pipeline's. */
    private record WarmUp(int events, int distinct, double coldEventsPerSec, boolean exact) {
    }

    /**
     * Drains rounds of warm-up events, each reporting the JIT compile time of the pipeline and the
     * broker meanwhile. With one round only, the just-started JVMs keep compiling through the
     * measured drain (C2 reaches the per-poll and per-send code of the clients long after the
     * per-record code), ~10% of the machine's CPU that a long-running deployment does not spend;
     * by the sixth round a round's compile time is down from ~30 s to 1-3 s.
     */
    private WarmUp warmUp(int rounds, int perRound, double duplicateFraction, int paths, Instant measuredFrom,
                          PipelineLauncher.RunningPipeline pipeline, TopicProgress validTopic) throws Exception {
        int distinct = 0;
        double cold = 0;
        boolean exact = true;
        for (int round = 1; round <= rounds; round++) {
            BenchEvents set = BenchEvents.generate(perRound, duplicateFraction, paths, realisticUrls && round % 2 == 0, 42 + round,
                    measuredFrom.minus(WARMUP_SPAN), WARMUP_SPAN);
            double jitBefore = compilationSeconds(pipeline);
            Drain d = drain("warm-up " + round, set, distinct, validTopic);
            double jit = compilationSeconds(pipeline) - jitBefore;
            distinct += set.distinct();
            exact &= d.exact();
            if (round == 1) {
                cold = perRound / d.seconds();
            }
            out.printf(Locale.ROOT, "warm-up %d/%d: %,d events drained in %.1f s: %,.0f events/s; exact=%b; JIT compilation meanwhile %.1f s%n",
                    round, rounds, perRound, d.seconds(), perRound / d.seconds(), d.exact(), jit);
        }
        return new WarmUp(rounds * perRound, distinct, cold, exact);
    }

    /** JIT compile time of the pipeline's JVM plus this one's, which runs the broker. */
    private static double compilationSeconds(PipelineLauncher.RunningPipeline pipeline) throws Exception {
        return pipeline.compilationSeconds() + CompilationTime.ofThisJvm();
    }

    private static boolean answers(PipelineLauncher.RunningPipeline pipeline) {
        try {
            pipeline.compilationSeconds();
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    /**
     * Publishes the events as one transaction, so the running pipeline finds all of them in the topic
     * at once, and times it from the commit until the counts are exact. Progress comes from the
     * writers' committed offsets (committed only after the data is in PostgreSQL), read from the
     * broker, so the measurement does not scan the growing aggregate table every 200 ms on the
     * database under test; the rows are counted once the offsets say everything is written.
     *
     * @param countedBefore distinct events of earlier sets already in the tables
     */
    private Drain drain(String task, BenchEvents set, long countedBefore, TopicProgress validTopic) throws Exception {
        String writerGroup = PipelineConfig.writerGroupId(applicationId);
        long writtenBefore = validTopic.consumedBy(writerGroup);
        long validatedBefore = validTopic.committedRecords();
        long expected = countedBefore + set.distinct();
        int total = set.published().size();
        long committedAt = publishAtomically(set.published());
        long validatedAt = 0;
        long requests = 0;
        try (ProgressBar bar = ProgressBars.events(task, total)) {
            while (true) {
                long written = validTopic.consumedBy(writerGroup) - writtenBefore;
                if (validatedAt == 0 && validTopic.committedRecords() - validatedBefore >= total) {
                    validatedAt = System.nanoTime();
                }
                bar.stepTo(Math.min(written, total));
                if (written >= total) {
                    requests = BenchDatabase.single(dataSource, "SELECT coalesce(sum(requests), 0) FROM path_stats_hourly");
                    if (requests >= expected) {
                        break;
                    }
                }
                if (System.nanoTime() - committedAt > 30L * 60 * 1_000_000_000L) {
                    throw new IllegalStateException("the pipeline did not drain within 30 minutes (" + written + " of " + total
                            + " events written)");
                }
                Thread.sleep(200);
            }
        }
        double seconds = (System.nanoTime() - committedAt) / 1e9;
        if (validatedAt > 0) {
            out.printf(Locale.ROOT, "  the validation stream had passed all %,d events on after %.1f s (%,.0f events/s)%n",
                    total, (validatedAt - committedAt) / 1e9, total / ((validatedAt - committedAt) / 1e9));
        }
        long rows = BenchDatabase.single(dataSource, "SELECT count(*) FROM traffic_events");
        return new Drain(seconds, requests == expected && rows == expected);
    }

    /** @return when the commit began: the clock starts before the events become visible */
    private long publishAtomically(List<TrafficEvent> events) {
        long start = System.nanoTime();
        long committing;
        try (TrafficEventProducer producer = TrafficEventProducer.atomic(kafka.bootstrap(), kafka.topic(), "pathstats-bench-publisher");
             ProgressBar bar = ProgressBars.events("publishing", events.size())) {
            int i = 0;
            for (TrafficEvent e : events) {
                producer.send(e);
                if (++i % 10_000 == 0) {
                    bar.stepTo(i);
                }
            }
            bar.stepTo(i);
            committing = System.nanoTime();
            producer.commit();
        }
        out.printf(Locale.ROOT, "published %,d events in one transaction in %.1f s%n", events.size(), (committing - start) / 1e9);
        return committing;
    }

}
