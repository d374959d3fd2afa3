package io.pathstats.query.paths;

import io.pathstats.common.stats.PathStat;
import io.pathstats.common.stats.PathStatsQuery;
import io.pathstats.common.stats.Snapshot;
import io.pathstats.common.stats.StatsWindow;
import io.pathstats.query.api.PathsResponse.Metadata;
import io.pathstats.query.api.PathsResponse.Pagination;
import io.pathstats.query.api.PathsResponse.PathItem;
import io.pathstats.query.api.PathsResponse;
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
 * The new read path: the in-memory snapshot, and when there is none (or it is empty) the SQL
 * aggregation over path_stats_hourly, shared by concurrent requests and at most a few seconds old.
 */
public final class PathsReader implements AutoCloseable {
    /** The most paths the shared fallback list holds, as a snapshot would. */
    private static final int FALLBACK_CAP = 100_000;

    private final SnapshotCache snapshots;
    private final DataSource dataSource;
    private final Clock clock;
    private final SqlTopList fallback;
    /** Of the snapshot answered from last. */
    private volatile OverflowTotals overflow;

    public PathsReader(SnapshotCache snapshots, DataSource dataSource, Clock clock) {
        this.snapshots = snapshots;
        this.dataSource = dataSource;
        this.clock = clock;
        this.fallback = new SqlTopList(dataSource, clock, FALLBACK_CAP);
    }

    public PathsResponse read(PathsRequest request, String route) throws SQLException {
        Optional<Snapshot> snapshot = snapshots.get();
        if (snapshot.isPresent()) {
            return fromSnapshot(snapshot.get(), request, route);
        }
        SqlTopList.TopList list = fallback.get();
        Snapshot shared = new Snapshot(0, list.computedAt(), list.computedAt(), list.computedAt(), false, list.entries());
        PathsResponse r = fromSnapshot(shared, request, route);
        return new PathsResponse(true, r.data(), r.pagination(), new Metadata("database", route, null,
                list.computedAt().toString(), r.metadata().ageSeconds(), r.metadata().overflowRequests()), r.timestamp());
    }

    @Override
    public void close() {
        fallback.close();
    }

    PathsResponse fromSnapshot(Snapshot s, PathsRequest request, String route) {
        String needle = request.q() == null ? null : request.q().toLowerCase(Locale.ROOT);
        List<PathItem> page = new ArrayList<>(request.limit());
        long total = 0;
        int offset = request.offset();
        if (needle == null && request.proxyId() == null) {
            // the common dashboard request: the page is a slice of the sorted entries, no scan needed
            List<PathStat> all = s.entries();
            for (int i = offset; i < Math.min(all.size(), offset + request.limit()); i++) {
                page.add(PathItem.of(all.get(i)));
            }
            return snapshotResponse(s, request, route, page, all.size());
        }
        for (PathStat stat : s.entries()) {
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
        return snapshotResponse(s, request, route, page, total);
    }

    private PathsResponse snapshotResponse(Snapshot s, PathsRequest request, String route, List<PathItem> page, long total) {
        Instant now = clock.instant();
        long age = Math.max(0, Duration.between(s.createdAt(), now).toSeconds());
        OverflowTotals o = overflow;
        if (o == null || o.snapshot() != s) {
            o = OverflowTotals.of(s);
            overflow = o;
        }
        return new PathsResponse(true, page, Pagination.of(request.page(), request.limit(), total),
                new Metadata("snapshot", route, s.version(), s.createdAt().toString(), age, o.requests(request.proxyId())), now.toString());
    }

    /** One exact aggregation for this request: the legacy path when no legacy service is configured. */
    public PathsResponse exactFromDatabase(PathsRequest request) throws SQLException {
        Instant now = clock.instant();
        StatsWindow window = StatsWindow.last24Hours(now);
        PathStatsQuery.Page result;
        long overflowed;
        try (Connection c = dataSource.getConnection()) {
            result = PathStatsQuery.topPaths(c, window.start(), window.end(),
                    new PathStatsQuery.Filter(request.q(), request.proxyId(), request.limit(), request.offset()));
            overflowed = PathStatsQuery.overflowRequests(c, window.start(), window.end(), request.proxyId());
        }
        List<PathItem> items = result.rows().stream().map(PathItem::of).toList();
        return new PathsResponse(true, items, Pagination.of(request.page(), request.limit(), result.total()),
                new Metadata("legacy", "legacy", null, now.toString(), 0, overflowed), now.toString());
    }
}
