package io.pathstats.query.snapshot;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.pathstats.common.stats.Snapshot;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The newest snapshot, held in memory. A poller picks up new versions within one poll interval;
 * a reader that finds the copy older than the max age still gets it, and starts one background
 * refresh (stale-while-revalidate, never more than one at a time).
 */
public final class SnapshotCache implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SnapshotCache.class);

    private final SnapshotRepository repository;
    private final Duration maxAge;
    private final Clock clock;
    private final AtomicReference<Snapshot> current = new AtomicReference<>();
    private final AtomicBoolean refreshing = new AtomicBoolean();
    private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "snapshot-poller"));
    private final ExecutorService refresher = Executors.newSingleThreadExecutor(r -> daemon(r, "snapshot-refresh"));
    private final Counter refreshes;
    private final Counter refreshFailures;
    private final Counter hits;
    private final Counter misses;

    public SnapshotCache(SnapshotRepository repository, Duration maxAge, Clock clock, MeterRegistry registry) {
        this.repository = repository;
        this.maxAge = maxAge;
        this.clock = clock;
        this.refreshes = Counter.builder("pathstats.api.snapshot.refreshes").description("snapshot loads").register(registry);
        this.refreshFailures = Counter.builder("pathstats.api.snapshot.refresh.failures").register(registry);
        this.hits = Counter.builder("pathstats.api.snapshot.cache").tag("result", "hit")
                .description("requests answered from the in-memory snapshot").register(registry);
        this.misses = Counter.builder("pathstats.api.snapshot.cache").tag("result", "miss")
                .description("requests with no usable snapshot (answered by SQL)").register(registry);
        registry.gauge("pathstats.api.snapshot.age.seconds", current,
                ref -> ref.get() == null ? Double.NaN : Duration.between(ref.get().createdAt(), clock.instant()).toMillis() / 1000.0);
        registry.gauge("pathstats.api.snapshot.version", current, ref -> ref.get() == null ? 0 : ref.get().version());
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    public void start(Duration pollInterval) {
        poller.scheduleWithFixedDelay(this::refreshIfNewer, 0, pollInterval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * The in-memory snapshot, possibly stale (a refresh is then started); empty when there is none
     * or it holds no path, which sends the caller to SQL.
     */
    public Optional<Snapshot> get() {
        Snapshot s = current.get();
        if (s == null || isStale(s)) {
            refreshInBackground();
        }
        boolean usable = s != null && !s.entries().isEmpty();
        (usable ? hits : misses).increment();
        return usable ? Optional.of(s) : Optional.empty();
    }

    public boolean isStale(Snapshot s) {
        return Duration.between(s.createdAt(), clock.instant()).compareTo(maxAge) > 0;
    }

    void refreshInBackground() {
        if (refreshing.compareAndSet(false, true)) {
            refresher.execute(() -> {
                try {
                    load();
                } finally {
                    refreshing.set(false);
                }
            });
        }
    }

    private void refreshIfNewer() {
        try {
            Snapshot s = current.get();
            long newest = repository.newestVersion();
            if (newest == 0 && s != null) {
                // the table was emptied (by an operator, or a restore): stop serving the old copy, fall back to SQL
                current.compareAndSet(s, null);
                log.info("no snapshot in path_snapshots any more; answering from the aggregates until one is written");
            } else if (s == null || newest > s.version()) {
                refreshInBackground();
            }
        } catch (SQLException | RuntimeException e) {
            log.debug("snapshot version check failed: {}", e.getMessage());
        }
    }

    private void load() {
        try {
            refreshes.increment();
            repository.newest().ifPresent(s -> {
                Snapshot old = current.get();
                if (old == null || s.version() >= old.version()) {
                    current.set(s);
                }
            });
        } catch (SQLException | RuntimeException e) {
            refreshFailures.increment();
            log.warn("could not load the newest snapshot ({}); serving the previous one or the SQL read path", e.getMessage());
        }
    }

    @Override
    public void close() {
        poller.shutdownNow();
        refresher.shutdownNow();
    }
}
