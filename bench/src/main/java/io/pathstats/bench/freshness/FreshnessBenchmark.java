package io.pathstats.bench.freshness;

import io.pathstats.bench.BenchDatabase;
import io.pathstats.bench.PipelineLauncher;
import io.pathstats.bench.ProgressBars;
import io.pathstats.common.config.KafkaSettings;
import io.pathstats.client.TrafficEvent;
import io.pathstats.common.stats.PathStat;
import io.pathstats.common.stats.SnapshotCodec;
import io.pathstats.common.traffic.SyntheticTraffic;
import io.pathstats.pipeline.produce.LoadGenerator;
import io.pathstats.client.TrafficEventProducer;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import me.tongfei.progressbar.ProgressBar;

/**
 * {@code pathstats bench freshness}: at a steady rate of demo traffic, marker events (one new path
 * each, five a second) are published and the newest snapshot is watched; a marker's freshness is
 * the time from its publication to the first snapshot that shows it, as the API would.
 */
public final class FreshnessBenchmark {
    private static final Duration MARKER_EVERY = Duration.ofMillis(200);
    private static final Duration POLL = Duration.ofMillis(50);

    private final KafkaSettings kafka;
    private final DataSource dataSource;
    private final PrintStream out;

    public FreshnessBenchmark(KafkaSettings kafka, DataSource dataSource, PrintStream out) {
        this.kafka = kafka;
        this.dataSource = dataSource;
        this.out = out;
    }

    public record Result(double rate, int samples, double p50Ms, double p99Ms, double maxMs) {
        public String json() {
            return String.format(Locale.ROOT, "{\"bench\":\"freshness\",\"rate\":%.0f,\"samples\":%d,\"p50Ms\":%.0f,\"p99Ms\":%.0f,\"maxMs\":%.0f}",
                    rate, samples, p50Ms, p99Ms, maxMs);
        }
    }

    public Result run(double rate, Duration duration, PipelineLauncher launcher) throws Exception {
        out.println("server: " + BenchDatabase.settings(dataSource));
        Map<String, Long> pending = new ConcurrentHashMap<>();
        List<Double> latencies = Collections.synchronizedList(new ArrayList<>());
        try (AutoCloseable pipeline = launcher.start();
             TrafficEventProducer load = new TrafficEventProducer(kafka.bootstrap(), kafka.topic());
             TrafficEventProducer markers = new TrafficEventProducer(kafka.bootstrap(), kafka.topic())) {
            warmUp(markers);
            out.printf(Locale.ROOT, "pipeline ready; publishing %.0f events/s for %d s with a marker every %d ms%n",
                    rate, duration.toSeconds(), MARKER_EVERY.toMillis());
            AtomicBoolean running = new AtomicBoolean(true);
            Thread loadThread = new Thread(() -> {
                try {
                    new LoadGenerator(load, SyntheticTraffic.demo(7), Clock.systemUTC()).run(rate, duration, running::get, n -> { });
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "bench-load");
            loadThread.start();
            long end = System.nanoTime() + duration.toNanos();
            long nextMarker = System.nanoTime();
            long lastVersion = 0;
            int sent = 0;
            try (ProgressBar bar = ProgressBars.events("markers seen", duration.toMillis() / MARKER_EVERY.toMillis())) {
                while (System.nanoTime() < end || !pending.isEmpty()) {
                    long now = System.nanoTime();
                    if (now < end && now >= nextMarker) {
                        String path = "/bench/freshness/" + sent++;
                        pending.put(path, System.nanoTime());
                        markers.send(new TrafficEvent("marker-" + path, Instant.now(), path, "GET", 200, 1_000L, "bench", path));
                        markers.flush();
                        nextMarker += MARKER_EVERY.toNanos();
                    }
                    lastVersion = checkNewest(lastVersion, pending, latencies);
                    bar.stepTo(latencies.size());
                    if (System.nanoTime() > end + Duration.ofSeconds(60).toNanos()) {
                        throw new IllegalStateException(pending.size() + " markers never appeared in a snapshot within 60 s");
                    }
                    Thread.sleep(POLL.toMillis());
                }
            }
            running.set(false);
            loadThread.join();
        }
        List<Double> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        Result r = new Result(rate, sorted.size(), percentile(sorted, 0.50), percentile(sorted, 0.99), sorted.get(sorted.size() - 1));
        out.printf(Locale.ROOT, "freshness over %d markers: p50 %.0f ms, p99 %.0f ms, max %.0f ms%n", r.samples(), r.p50Ms(), r.p99Ms(), r.maxMs());
        return r;
    }

    /** Waits until the pipeline has written its first snapshot, so start-up is not measured as freshness. */
    private void warmUp(TrafficEventProducer producer) throws Exception {
        producer.send(new TrafficEvent("warm-up", Instant.now(), "/bench/warm-up", "GET", 200, 1, "bench"));
        producer.flush();
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (BenchDatabase.single(dataSource, "SELECT count(*) FROM path_snapshots") == 0) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no snapshot within 120 s of starting the pipeline");
            }
            Thread.sleep(100);
        }
    }

    private long checkNewest(long lastVersion, Map<String, Long> pending, List<Double> latencies) throws Exception {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT version, payload FROM path_snapshots WHERE version > ? ORDER BY version DESC LIMIT 1")) {
            ps.setLong(1, lastVersion);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return lastVersion;
                }
                long seenAt = System.nanoTime();
                for (PathStat stat : SnapshotCodec.decode(rs.getBytes(2))) {
                    Long sentAt = pending.remove(stat.route());
                    if (sentAt != null) {
                        latencies.add((seenAt - sentAt) / 1e6);
                    }
                }
                return rs.getLong(1);
            }
        }
    }

    private static double percentile(List<Double> sorted, double q) {
        int index = (int) Math.ceil(q * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }
}
