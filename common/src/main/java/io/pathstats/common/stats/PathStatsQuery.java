package io.pathstats.common.stats;

import io.pathstats.common.event.LatencyHistogram;
import io.pathstats.common.route.GuardRoutes;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Top routes by requests over a window, aggregated from path_stats_hourly. One query serves the
 * snapshot builder (everything, capped) and the API's SQL read path (filtered, one page).
 */
public final class PathStatsQuery {
    private static final String HIST_SUMS = LatencyHistogram.sums();

    private PathStatsQuery() {
    }

    /** Filters and paging; {@code routeContains} is matched case-insensitively, null means no filter. */
    public record Filter(String routeContains, String proxyId, int limit, int offset) {
        public static Filter all(int limit) {
            return new Filter(null, null, limit, 0);
        }
    }

    public record Page(List<PathStat> rows, long total) {
    }

    /** Rows of [from, to) hour buckets sorted by requests desc, path asc (stable order for paging). */
    public static Page topPaths(Connection c, Instant from, Instant to, Filter filter) throws SQLException {
        String sql = "SELECT route, proxy_id, sum(requests), sum(errors), sum(client_errors), sum(latency_count), "
                + "sum(latency_sum), max(latency_max), max(last_seen), " + HIST_SUMS + ", count(*) OVER () "
                + "FROM path_stats_hourly " + where(filter)
                + "GROUP BY route, proxy_id ORDER BY sum(requests) DESC, route, proxy_id LIMIT ? OFFSET ?";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int next = bindWhere(ps, from, to, filter);
            ps.setInt(next++, filter.limit());
            ps.setInt(next, filter.offset());
            List<PathStat> rows = new ArrayList<>();
            long total = 0;
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(toStat(rs));
                    total = rs.getLong(10 + LatencyHistogram.BUCKETS);
                }
            }
            if (rows.isEmpty() && filter.offset() > 0) {
                total = count(c, from, to, filter); // a page past the end still reports the right total
            }
            return new Page(rows, total);
        }
    }

    /** The requests of [from, to) counted under the overflow route, of one proxy (or all, when null). */
    public static long overflowRequests(Connection c, Instant from, Instant to, String proxyId) throws SQLException {
        Filter filter = new Filter(null, proxyId, 1, 0);
        try (PreparedStatement ps = c.prepareStatement("SELECT coalesce(sum(requests), 0) FROM path_stats_hourly " + where(filter)
                + "AND route = ?")) {
            int next = bindWhere(ps, from, to, filter);
            ps.setString(next, GuardRoutes.OVERFLOW);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static long count(Connection c, Instant from, Instant to, Filter filter) throws SQLException {
        String sql = "SELECT count(*) FROM (SELECT 1 FROM path_stats_hourly " + where(filter) + "GROUP BY route, proxy_id) g";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bindWhere(ps, from, to, filter);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static String where(Filter filter) {
        return "WHERE hour_bucket >= ? AND hour_bucket < ? "
                + (filter.routeContains() != null ? "AND strpos(lower(route), lower(?)) > 0 " : "")
                + (filter.proxyId() != null ? "AND proxy_id = ? " : "");
    }

    /** Binds the parameters of {@link #where}; returns the index of the next parameter. */
    private static int bindWhere(PreparedStatement ps, Instant from, Instant to, Filter filter) throws SQLException {
        int i = 1;
        ps.setTimestamp(i++, Timestamp.from(from));
        ps.setTimestamp(i++, Timestamp.from(to));
        if (filter.routeContains() != null) {
            ps.setString(i++, filter.routeContains());
        }
        if (filter.proxyId() != null) {
            ps.setString(i++, filter.proxyId());
        }
        return i;
    }

    private static PathStat toStat(ResultSet rs) throws SQLException {
        long latencyCount = rs.getLong(6);
        long latencySum = rs.getLong(7);
        int max = rs.getInt(8);
        Integer maxLatency = rs.wasNull() ? null : max;
        long[] hist = new long[LatencyHistogram.BUCKETS];
        for (int b = 0; b < hist.length; b++) {
            hist[b] = rs.getLong(10 + b);
        }
        return new PathStat(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4), rs.getLong(5),
                latencyCount == 0 ? null : (double) latencySum / latencyCount,
                LatencyHistogram.quantile(hist, 0.95, maxLatency),
                LatencyHistogram.quantile(hist, 0.99, maxLatency),
                maxLatency, rs.getTimestamp(9).toInstant());
    }
}
