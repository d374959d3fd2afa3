package io.pathstats.query.paths;

import io.pathstats.common.stats.PathStatsQuery;
import io.pathstats.common.stats.StatsWindow;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.sql.DataSource;

/**
 * Every route of a window from SQL, shared: one aggregation per window serves every concurrent
 * request (a day of 20,000 routes is ~500,000 hourly rows, a week ~140,000 daily ones; run per
 * request, dashboards queue on the pool and time out). A list younger than its window's
 * {@link Freshness#fresh} is served as is; one younger than {@link Freshness#usable} is served while a
 * single background rebuild runs; otherwise callers wait for the one rebuild in flight. The
 * {@link #MAX_WINDOWS} most recently asked windows are kept.
 */
final class WindowLists implements AutoCloseable {
    static final int MAX_WINDOWS = 16;

    /** How old a window's list may be: a few seconds for a day, longer for the long windows, whose lists cost more. */
    record Freshness(Duration fresh, Duration usable) {
        static final Freshness SHORT = new Freshness(Duration.ofSeconds(2), Duration.ofSeconds(30));
        static final Freshness LONG = new Freshness(Duration.ofSeconds(30), Duration.ofMinutes(10));

        static Freshness of(StatsWindow window) {
            return window.length().compareTo(StatsWindow.LENGTH) <= 0 ? SHORT : LONG;
        }
    }

    private static final class Held {
        volatile RankedList list;
        CompletableFuture<RankedList> inFlight;
    }

    private final DataSource dataSource;
    private final Clock clock;
    private final ExecutorService builder = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "window-lists");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, Held> windows = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Held> eldest) {
            return size() > MAX_WINDOWS;
        }
    };

    WindowLists(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    RankedList get(WindowParam window) throws SQLException {
        Held held;
        synchronized (windows) {
            held = windows.computeIfAbsent(window.cacheKey(), k -> new Held());
        }
        RankedList list = held.list;
        Instant now = clock.instant();
        Freshness freshness = Freshness.of(window.resolve(now));
        if (list != null && Duration.between(list.computedAt(), now).compareTo(freshness.fresh()) < 0) {
            return list;
        }
        CompletableFuture<RankedList> build = rebuild(held, window);
        if (list != null && Duration.between(list.computedAt(), now).compareTo(freshness.usable()) < 0) {
            return list; // stale-while-revalidate
        }
        try {
            return build.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while waiting for the paths of window " + window.name(), e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof SQLException sql ? sql : new SQLException(e.getCause());
        }
    }

    private CompletableFuture<RankedList> rebuild(Held held, WindowParam window) {
        synchronized (held) {
            if (held.inFlight == null || held.inFlight.isDone()) {
                held.inFlight = CompletableFuture.supplyAsync(() -> {
                    try (Connection c = dataSource.getConnection()) {
                        Instant at = clock.instant();
                        RankedList list = RankedList.sorting(at, PathStatsQuery.aggregate(c, window.resolve(at), PathStatsQuery.Filter.ALL));
                        held.list = list;
                        return list;
                    } catch (SQLException e) {
                        throw new CompletionException(e);
                    }
                }, builder);
            }
            return held.inFlight;
        }
    }

    @Override
    public void close() {
        builder.shutdownNow();
    }
}
