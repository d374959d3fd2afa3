package io.pathstats.query.paths;

import io.pathstats.common.stats.PathStat;
import io.pathstats.common.stats.PathStatsQuery;
import io.pathstats.common.stats.Snapshot;
import io.pathstats.common.stats.StatsWindow;
import io.pathstats.query.api.PathsResponse;
import io.pathstats.query.api.PathsResponse.Metadata;
import io.pathstats.query.api.PathsResponse.Pagination;
import io.pathstats.query.api.PathsResponse.PathItem;
import io.pathstats.query.api.PathsResponse.WindowBody;
import io.pathstats.query.snapshot.SnapshotCache;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The new read path: the default window (the last 24 h) from the in-memory snapshot, and when there
 * is none (or it is empty) from SQL; every other window from SQL (the daily rollup and the hours
 * beside it). SQL lists are shared by concurrent requests ({@link WindowLists}); each list's
 * orderings are sorted once ({@link RankedList}).
 */
public final class PathsReader implements AutoCloseable {
    private final SnapshotCache snapshots;
    private final DataSource dataSource;
    private final Clock clock;
    private final WindowLists windows;
    /** The ranked list of the snapshot answered from last. */
    private volatile SnapshotList current;

    private record SnapshotList(Snapshot snapshot, RankedList list) {
    }

    public PathsReader(SnapshotCache snapshots, DataSource dataSource, Clock clock) {
        this.snapshots = snapshots;
        this.dataSource = dataSource;
        this.clock = clock;
        this.windows = new WindowLists(dataSource, clock);
    }

    public PathsResponse read(PathsRequest request, String route) throws SQLException {
        if (request.window().isDefault()) {
            Optional<Snapshot> snapshot = snapshots.get();
            if (snapshot.isPresent()) {
                return fromSnapshot(snapshot.get(), request, route);
            }
        }
        RankedList list = windows.get(request.window());
        StatsWindow hours = request.window().resolve(list.computedAt());
        return answer(list, request, new Metadata("database", route, null, list.computedAt().toString(), age(list.computedAt()),
                null, WindowBody.of(request.window().name(), hours), sortName(request)));
    }

    @Override
    public void close() {
        windows.close();
    }

    PathsResponse fromSnapshot(Snapshot s, PathsRequest request, String route) {
        SnapshotList held = current;
        if (held == null || held.snapshot() != s) {
            held = new SnapshotList(s, new RankedList(s.createdAt(), s.entries()));
            current = held;
        }
        return answer(held.list(), request, new Metadata("snapshot", route, s.version(), s.createdAt().toString(), age(s.createdAt()),
                null, WindowBody.of(request.window().name(), new StatsWindow(s.windowStart(), s.windowEnd())), sortName(request)));
    }

    /** One page of the list in the asked order, filtered; the metadata's overflow requests filled in. */
    private PathsResponse answer(RankedList list, PathsRequest request, Metadata metadata) {
        List<PathStat> sorted = list.sorted(request.order());
        String needle = request.q() == null ? null : request.q().toLowerCase(Locale.ROOT);
        List<PathItem> page = new ArrayList<>(request.limit());
        int offset = request.offset();
        long total;
        if (needle == null && request.proxyId() == null) {
            // the common dashboard request: the page is a slice of the sorted entries, no scan needed
            for (int i = offset; i < Math.min(sorted.size(), offset + request.limit()); i++) {
                page.add(PathItem.of(sorted.get(i)));
            }
            total = sorted.size();
        } else {
            total = 0;
            for (PathStat stat : sorted) {
                if (request.proxyId() != null && !request.proxyId().equals(stat.proxyId())) {
                    continue;
                }
                if (needle != null && !stat.route().toLowerCase(Locale.ROOT).contains(needle)) {
                    continue;
                }
                if (total >= offset && page.size() < request.limit()) {
                    page.add(PathItem.of(stat));
                }
                total++;
            }
        }
        Metadata m = metadata.withOverflowRequests(list.overflow().requests(request.proxyId()));
        return new PathsResponse(true, page, Pagination.of(request.page(), request.limit(), total), m, clock.instant().toString());
    }

    private long age(Instant computedAt) {
        return Math.max(0, Duration.between(computedAt, clock.instant()).toSeconds());
    }

    private static String sortName(PathsRequest request) {
        return request.order().sort().parameter() + (request.order().ascending() ? " asc" : " desc");
    }

    /** One exact aggregation for this request: the legacy path when no legacy service is configured. */
    public PathsResponse exactFromDatabase(PathsRequest request) throws SQLException {
        Instant now = clock.instant();
        StatsWindow window = request.window().resolve(now);
        List<PathStat> rows;
        long overflowed;
        try (Connection c = dataSource.getConnection()) {
            rows = new ArrayList<>(PathStatsQuery.aggregate(c, window, new PathStatsQuery.Filter(request.q(), request.proxyId())));
            overflowed = PathStatsQuery.overflowRequests(c, window, request.proxyId());
        }
        rows.sort(request.order().comparator());
        List<PathItem> items = rows.stream().skip(request.offset()).limit(request.limit()).map(PathItem::of).toList();
        return new PathsResponse(true, items, Pagination.of(request.page(), request.limit(), rows.size()),
                new Metadata("legacy", "legacy", null, now.toString(), 0, overflowed, WindowBody.of(request.window().name(), window),
                        sortName(request)), now.toString());
    }
}
