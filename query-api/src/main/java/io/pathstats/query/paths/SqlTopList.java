package io.pathstats.query.paths;

import io.pathstats.common.stats.PathStat;
import io.pathstats.common.stats.PathStatsQuery;
import io.pathstats.common.stats.StatsWindow;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.sql.DataSource;

/**
 * The new path's SQL fallback, shared: one aggregation over the last 24 h serves every concurrent
 * request (it reads ~hundreds of thousands of hourly rows; run per request, 32 dashboards queue
 * on the pool and time out). A list younger than {@link #FRESH} is served as is; one younger than
 * {@link #USABLE} is served while a single background rebuild runs; otherwise callers wait for the
 * one rebuild in flight.
 */
final class SqlTopList implements AutoCloseable {
    static final Duration FRESH = Duration.ofSeconds(2);
    static final Duration USABLE = Duration.ofSeconds(30);

    record TopList(Instant computedAt, List<PathStat> entries) {
    }

    private final DataSource dataSource;
    private final Clock clock;
    private final int cap;
    private final ExecutorService builder = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "sql-top-list");
        t.setDaemon(true);
        return t;
    });
    private volatile TopList current;
    private CompletableFuture<TopList> inFlight;

    SqlTopList(DataSource dataSource, Clock clock, int cap) {
        this.dataSource = dataSource;
        this.clock = clock;
        this.cap = cap;
    }

    TopList get() throws SQLException {
        TopList held = current;
        Instant now = clock.instant();
        if (held != null && Duration.between(held.computedAt(), now).compareTo(FRESH) < 0) {
            return held;
        }
        CompletableFuture<TopList> build = rebuild();
        if (held != null && Duration.between(held.computedAt(), now).compareTo(USABLE) < 0) {
            return held; // stale-while-revalidate
        }
        try {
            return build.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while waiting for the top-paths query", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof SQLException sql ? sql : new SQLException(e.getCause());
        }
    }

    private synchronized CompletableFuture<TopList> rebuild() {
        if (inFlight == null || inFlight.isDone()) {
            inFlight = CompletableFuture.supplyAsync(() -> {
                try (Connection c = dataSource.getConnection()) {
                    Instant at = clock.instant();
                    StatsWindow window = StatsWindow.last24Hours(at);
                    TopList list = new TopList(at, PathStatsQuery.topPaths(c, window.start(), window.end(),
                            PathStatsQuery.Filter.all(cap)).rows());
                    current = list;
                    return list;
                } catch (SQLException e) {
                    throw new java.util.concurrent.CompletionException(e);
                }
            }, builder);
        }
        return inFlight;
    }

    @Override
    public void close() {
        builder.shutdownNow();
    }
}
