package io.pathstats.pipeline.snapshot;

import io.pathstats.common.stats.PathOrder;
import io.pathstats.common.stats.PathStat;
import io.pathstats.common.stats.PathStatsQuery;
import io.pathstats.common.stats.SnapshotCodec;
import io.pathstats.common.stats.SnapshotRetention;
import io.pathstats.common.stats.StatsWindow;
import io.pathstats.pipeline.PipelineConfig.SnapshotSettings;
import io.pathstats.pipeline.PipelineMetrics;
import io.pathstats.pipeline.writer.BatchListener;
import io.pathstats.pipeline.writer.BatchResult;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a new snapshot version after every N committed batches or T since the last one, whichever
 * comes first, but only when data changed. Across instances one writes at a time: the build runs
 * under a transaction-scoped PostgreSQL advisory lock, and an instance that cannot take it tries
 * again on its next tick. Old versions beyond the newest {@code keepVersions} are deleted.
 */
public final class SnapshotWriter implements BatchListener, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SnapshotWriter.class);
    private static final long LOCK_KEY = 0x7061746873L; // "paths"
    private static final Duration TICK = Duration.ofMillis(200);
    /** Under light traffic N batches pass in a fraction of a second; a floor keeps writes from churning. */
    private static final Duration MIN_GAP = Duration.ofSeconds(1);

    private final DataSource dataSource;
    private final SnapshotSettings settings;
    private final Clock clock;
    private final PipelineMetrics metrics;
    private final AtomicBoolean dirty = new AtomicBoolean();
    private final AtomicInteger batchesSinceWrite = new AtomicInteger();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "snapshot-writer");
        t.setDaemon(true);
        return t;
    });
    private volatile Instant lastWrite = Instant.EPOCH;

    public SnapshotWriter(DataSource dataSource, SnapshotSettings settings, Clock clock, PipelineMetrics metrics) {
        this.dataSource = dataSource;
        this.settings = settings;
        this.clock = clock;
        this.metrics = metrics;
    }

    public void start() {
        scheduler.scheduleWithFixedDelay(this::tick, TICK.toMillis(), TICK.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void batchCommitted(BatchResult result) {
        if (result.inserted() > 0) {
            batchesSinceWrite.incrementAndGet();
            dirty.set(true);
        }
    }

    private void tick() {
        if (!dirty.get()) {
            return;
        }
        Duration sinceWrite = Duration.between(lastWrite, clock.instant());
        boolean enoughBatches = batchesSinceWrite.get() >= settings.everyBatches() && sinceWrite.compareTo(MIN_GAP) >= 0;
        boolean intervalPassed = sinceWrite.compareTo(settings.interval()) >= 0;
        if (!enoughBatches && !intervalPassed) {
            return;
        }
        try {
            writeNow();
        } catch (SQLException | RuntimeException e) {
            log.warn("snapshot not written ({}); retrying on the next tick", e.getMessage());
        }
    }

    /** Builds and stores a snapshot now; returns its version, or -1 when another instance holds the lock. */
    public long writeNow() throws SQLException {
        // clear first: batches committed while we build mark it dirty again
        dirty.set(false);
        int batches = batchesSinceWrite.getAndSet(0);
        long started = System.nanoTime();
        Instant now = clock.instant();
        StatsWindow window = StatsWindow.last24Hours(now);
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                if (!tryLock(c)) {
                    c.rollback();
                    dirty.set(true);
                    batchesSinceWrite.addAndGet(batches);
                    return -1;
                }
                serialScan(c);
                List<PathStat> stats = new ArrayList<>(PathStatsQuery.aggregate(c, window, PathStatsQuery.Filter.ALL));
                stats.sort(PathOrder.BY_REQUESTS.comparator());
                boolean truncated = stats.size() > settings.maxPaths();
                if (truncated) {
                    stats = stats.subList(0, settings.maxPaths());
                }
                byte[] payload = SnapshotCodec.encode(stats);
                long version = insert(c, now, window, stats.size(), truncated, started, payload);
                SnapshotRetention.keepNewest(c, settings.keepVersions());
                c.commit();
                lastWrite = now;
                Duration took = Duration.ofNanos(System.nanoTime() - started);
                metrics.snapshotWritten(took);
                if (truncated) {
                    log.warn("snapshot v{} truncated to the top {} paths (PATHSTATS_SNAPSHOT_MAX_PATHS)", version, settings.maxPaths());
                }
                log.debug("snapshot v{}: {} paths, {} KiB, built in {} ms", version, stats.size(), payload.length / 1024, took.toMillis());
                return version;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                dirty.set(true);
                throw e;
            }
        }
    }

    private static boolean tryLock(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_try_advisory_xact_lock(?)")) {
            ps.setLong(1, LOCK_KEY);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    /**
     * The build streams a day of hourly rows (~500k for 20k routes) and merges them here
     * ({@link PathStatsQuery#aggregate}); parallel workers would only add processes that compete with
     * the writers for the same two cores.
     */
    private static void serialScan(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("SET LOCAL max_parallel_workers_per_gather = 0");
        }
    }

    private static long insert(Connection c, Instant now, StatsWindow window, int count, boolean truncated, long startedNanos,
                               byte[] payload) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO path_snapshots "
                + "(created_at, window_start, window_end, path_count, truncated, build_ms, payload) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING version")) {
            ps.setTimestamp(1, Timestamp.from(now));
            ps.setTimestamp(2, Timestamp.from(window.start()));
            ps.setTimestamp(3, Timestamp.from(window.end()));
            ps.setInt(4, count);
            ps.setBoolean(5, truncated);
            ps.setInt(6, (int) Duration.ofNanos(System.nanoTime() - startedNanos).toMillis());
            ps.setBytes(7, payload);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
