package io.pathstats.common.stats;

import io.pathstats.common.route.GuardRoutes;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every route's statistics over a window, merged from the aggregates: the days of the window that
 * the daily rollup holds clean from path_stats_daily, every other hour from path_stats_hourly, read
 * in one statement (one snapshot of the database, so a day is read from exactly one of the two).
 * Counters are summed and sketches merged here, by route and proxy. One query serves the snapshot
 * builder, the API's SQL read path for every window, and the exact legacy path.
 */
public final class PathStatsQuery {
    private static final String COLUMNS = "route, proxy_id, " + AggregateSum.COLUMNS;

    private PathStatsQuery() {
    }

    /** Which routes; {@code routeContains} is matched case-insensitively, null means no filter. */
    public record Filter(String routeContains, String proxyId) {
        public static final Filter ALL = new Filter(null, null);
    }

    /** The routes of the window that pass the filter, in no particular order. */
    public static List<PathStat> aggregate(Connection c, StatsWindow window, Filter filter) throws SQLException {
        LocalDate firstFullDay = LocalDate.ofInstant(window.start().minusNanos(1), ZoneOffset.UTC).plusDays(1);
        LocalDate endDay = LocalDate.ofInstant(window.end(), ZoneOffset.UTC);
        String sql = "WITH clean AS (SELECT day FROM daily_rollups WHERE NOT dirty AND day >= ? AND day < ?) "
                + "SELECT " + COLUMNS + " FROM path_stats_daily WHERE day IN (SELECT day FROM clean) " + filters(filter)
                + "UNION ALL SELECT " + COLUMNS + " FROM path_stats_hourly WHERE hour_bucket >= ? AND hour_bucket < ? "
                + "AND hour_bucket::date NOT IN (SELECT day FROM clean) " + filters(filter);
        Map<Key, AggregateSum> merged = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            ps.setDate(i++, Date.valueOf(firstFullDay));
            ps.setDate(i++, Date.valueOf(endDay));
            i = bindFilters(ps, i, filter);
            ps.setTimestamp(i++, Timestamp.from(window.start()));
            ps.setTimestamp(i++, Timestamp.from(window.end()));
            bindFilters(ps, i, filter);
            ps.setFetchSize(10_000); // streamed: a 30-day window of 20,000 routes is 600,000 rows
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    merged.computeIfAbsent(new Key(rs.getString(1), rs.getString(2)), k -> new AggregateSum()).add(rs, 3);
                }
            }
        }
        List<PathStat> out = new ArrayList<>(merged.size());
        merged.forEach((k, sum) -> out.add(sum.toStat(k.route(), k.proxyId(), null)));
        return out;
    }

    /** The requests of [from, to) counted under the overflow route, of one proxy (or all, when null). */
    public static long overflowRequests(Connection c, StatsWindow window, String proxyId) throws SQLException {
        Filter filter = new Filter(null, proxyId);
        try (PreparedStatement ps = c.prepareStatement("SELECT coalesce(sum(requests), 0) FROM path_stats_hourly "
                + "WHERE hour_bucket >= ? AND hour_bucket < ? AND route = ? " + filters(filter))) {
            ps.setTimestamp(1, Timestamp.from(window.start()));
            ps.setTimestamp(2, Timestamp.from(window.end()));
            ps.setString(3, GuardRoutes.OVERFLOW);
            bindFilters(ps, 4, filter);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static String filters(Filter filter) {
        return (filter.routeContains() != null ? "AND strpos(lower(route), lower(?)) > 0 " : "")
                + (filter.proxyId() != null ? "AND proxy_id = ? " : "");
    }

    /** Binds the parameters of {@link #filters} from index {@code i}; returns the index of the next parameter. */
    private static int bindFilters(PreparedStatement ps, int i, Filter filter) throws SQLException {
        if (filter.routeContains() != null) {
            ps.setString(i++, filter.routeContains());
        }
        if (filter.proxyId() != null) {
            ps.setString(i++, filter.proxyId());
        }
        return i;
    }

    private record Key(String route, String proxyId) {
    }
}
