package io.pathstats.pipeline.guard;

import io.pathstats.common.route.GuardRoutes;
import io.pathstats.migrations.DetailPartitions;
import io.pathstats.pipeline.hourly.AggregateUpsert;
import io.pathstats.pipeline.hourly.DailyRollup;
import io.pathstats.pipeline.hourly.HourLocks;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Folds what was counted under raw values into a decision's {var} route, exactly. First it waits for
 * every batch in flight ({@link HourLocks#awaitBatchesInFlight}): those may have read the decisions
 * before this one, every later batch applies it. Then, hour by hour, each in one transaction
 * holding the hour exclusively: with the hour's detail rows present, their routes of the classes
 * under the prefix are collapsed and the hour's aggregate rows under the prefix are rebuilt from
 * them; without (archived and dropped), the aggregate rows under the prefix are merged into their
 * collapsed routes, summing every counter. Marked folded at the end; a fold cut short is done again
 * by the next writer that starts, and folding twice changes nothing.
 */
public final class RouteFold {
    private static final Logger log = LoggerFactory.getLogger(RouteFold.class);
    private static final String UNDER_PREFIX = "route COLLATE \"C\" >= ? AND route COLLATE \"C\" < ?";

    private final DataSource dataSource;

    public RouteFold(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Folds every decision not folded yet; returns how many. */
    public int foldPending() throws SQLException {
        List<String> parents = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT parent FROM route_collapses WHERE folded_at IS NULL ORDER BY decided_at, parent")) {
            while (rs.next()) {
                parents.add(rs.getString(1));
            }
        }
        for (String parent : parents) {
            fold(parent);
        }
        return parents.size();
    }

    void fold(String parent) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            HourLocks.awaitBatchesInFlight(c);
            c.commit();
            List<Instant> hours = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT DISTINCT hour_bucket FROM path_stats_hourly WHERE " + UNDER_PREFIX
                    + " ORDER BY 1")) {
                bindPrefix(ps, 1, parent);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        hours.add(rs.getTimestamp(1).toInstant());
                    }
                }
            }
            c.commit();
            long collapsed = 0;
            for (Instant hour : hours) {
                try {
                    collapsed += foldHour(c, parent, hour);
                    c.commit();
                } catch (SQLException | RuntimeException e) {
                    c.rollback();
                    throw e;
                }
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE route_collapses SET folded_at = now() WHERE parent = ?")) {
                ps.setString(1, parent);
                ps.executeUpdate();
            }
            c.commit();
            log.info("route guard: the segment after '{}' is {} from now on; {} hour(s) folded, {} stored event(s) moved to the collapsed routes",
                    parent, GuardRoutes.VARIABLE, hours.size(), collapsed);
        }
    }

    private static long foldHour(Connection c, String parent, Instant hour) throws SQLException {
        HourLocks.exclusive(c, hour);
        DailyRollup.hourChanged(c, hour);
        Timestamp from = Timestamp.from(hour);
        Timestamp to = Timestamp.from(hour.plusSeconds(3600));
        if (!DetailPartitions.exists(c, LocalDate.ofInstant(hour, ZoneOffset.UTC))) {
            try (PreparedStatement ps = c.prepareStatement(MERGE_AGGREGATES)) {
                ps.setString(1, parent);
                ps.setTimestamp(2, from);
                return ps.executeUpdate();
            }
        }
        long moved = RouteGuard.collapse(c, "traffic_events", "coalesce(s.route, s.path)", "s.occurred_at >= ? AND s.occurred_at < ?", from, to);
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM path_stats_hourly WHERE hour_bucket = ? AND " + UNDER_PREFIX)) {
            ps.setTimestamp(1, from);
            bindPrefix(ps, 2, parent);
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement(AggregateUpsert.fromRows("traffic_events WHERE occurred_at >= ? AND occurred_at < ? "
                + "AND coalesce(route, path) COLLATE \"C\" >= ? AND coalesce(route, path) COLLATE \"C\" < ?"))) {
            ps.setTimestamp(1, from);
            ps.setTimestamp(2, to);
            bindPrefix(ps, 3, parent);
            ps.executeUpdate();
        }
        return moved;
    }

    /** The prefix range in byte order: everything that starts with parent/ ('0' follows '/'). */
    private static void bindPrefix(PreparedStatement ps, int first, String parent) throws SQLException {
        ps.setString(first, parent + "/");
        ps.setString(first + 1, parent + "0");
    }

    /** An hour without detail rows: its aggregate rows under the prefix, deleted and added again under their collapsed routes. */
    private static final String MERGE_AGGREGATES = mergeAggregates();

    private static String mergeAggregates() {
        String segment = RouteGuard.segmentAfter("g.route", "p.parent");
        String sums = AggregateUpsert.COUNTERS.stream().map(AggregateUpsert.Counter::aggregate).collect(Collectors.joining(", "));
        return "WITH p AS (SELECT ?::text AS parent, ?::timestamptz AS hour), "
                + "gone AS (DELETE FROM path_stats_hourly h USING p WHERE h.hour_bucket = p.hour "
                + "AND h.route COLLATE \"C\" >= p.parent || '/' AND h.route COLLATE \"C\" < p.parent || '0' RETURNING h.*), "
                + "renamed AS (SELECT CASE WHEN " + segment + " = '' OR left(" + segment + ", 1) = '{' THEN g.route "
                + "ELSE p.parent || '/" + GuardRoutes.VARIABLE + "' || substr(g.route, length(p.parent) + 2 + length(" + segment + ")) END AS route, "
                + "g.proxy_id, g.hour_bucket, " + AggregateUpsert.COUNTERS.stream().map(c -> "g." + c.column()).collect(Collectors.joining(", "))
                + " FROM gone g CROSS JOIN p) "
                + "INSERT INTO path_stats_hourly AS t (" + AggregateUpsert.COLUMNS + ") "
                + "SELECT route, proxy_id, hour_bucket, " + sums + " FROM renamed GROUP BY route, proxy_id, hour_bucket "
                + "ORDER BY route, proxy_id, hour_bucket " + AggregateUpsert.ON_CONFLICT;
    }
}
