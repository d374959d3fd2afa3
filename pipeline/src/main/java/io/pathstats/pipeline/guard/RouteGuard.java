package io.pathstats.pipeline.guard;

import io.pathstats.common.route.GuardRoutes;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The cardinality guard, as one step of a writer's batch transaction on its staging table, after
 * its hour locks (so the decisions it reads are ordered against their folds, see {@link RouteFold})
 * and before the staged rows are stored ({@link #apply}):
 * <ol>
 * <li>every decision so far applies to the staged routes of the built-in classes;</li>
 * <li>where the batch brings routes new to their hour, the distinct literal segments after each of
 * their prefixes are counted over the hour's aggregate rows and the batch's new routes; a prefix
 * with more than the threshold becomes a decision: the segment after it is {@code {var}} from then
 * on, for this batch's rows too;</li>
 * <li>a staged route new to its (proxy, hour) beyond the proxy's cap is counted under
 * {@link GuardRoutes#OVERFLOW} instead; the routes with the most events in the batch get the places left.</li>
 * </ol>
 * Routes only ever change into other routes here: every event is still counted exactly once. The
 * counting costs nothing while a batch brings no route new to its hour.
 */
public final class RouteGuard {
    /** Segment positions the guard watches: the first eight of a route. */
    private static final int MAX_DEPTH = 8;
    /** Collapses nest at most once per watched position. */
    private static final int MAX_PASSES = MAX_DEPTH + 1;

    /** @param distinctValues more distinct values after a prefix within an hour than this make it {var}; routesPerProxy per hour */
    public record Limits(int distinctValues, int routesPerProxy) {
        public static final Limits DEFAULTS = new Limits(100, 20_000);
    }

    /** Session-local: the staged (route, proxy, hour) that have no aggregate row yet. */
    public static final String PREPARE = "CREATE TEMP TABLE IF NOT EXISTS fresh_routes (route text, proxy_id text, "
            + "hour_bucket timestamptz, derived boolean, events bigint) ON COMMIT DELETE ROWS";

    private static final String FIND_FRESH = """
            DELETE FROM fresh_routes;
            INSERT INTO fresh_routes
            SELECT g.route, g.proxy_id, g.hour_bucket, g.derived, g.events FROM (
              SELECT route, proxy_id, date_trunc('hour', occurred_at) AS hour_bucket, bool_or(coalesce(route_source, 'c') = 'c') AS derived,
                     count(*) AS events
              FROM stage_events GROUP BY 1, 2, 3) g
            WHERE NOT EXISTS (SELECT 1 FROM path_stats_hourly h
                              WHERE h.route = g.route AND h.proxy_id = g.proxy_id AND h.hour_bucket = g.hour_bucket)""";

    /** Fresh routes beyond the room left under the cap, the busiest first, leave fresh_routes and are staged as overflow. */
    private static final String CAP = """
            WITH room AS (
              SELECT p.proxy_id, p.hour_bucket,
                     ? - (SELECT count(*) FROM path_stats_hourly h WHERE h.proxy_id = p.proxy_id AND h.hour_bucket = p.hour_bucket) AS free
              FROM (SELECT DISTINCT proxy_id, hour_bucket FROM fresh_routes) p
            ), ranked AS (
              SELECT f.route, f.proxy_id, f.hour_bucket, room.free,
                     row_number() OVER (PARTITION BY f.proxy_id, f.hour_bucket ORDER BY f.events DESC, f.route) AS n
              FROM fresh_routes f JOIN room ON room.proxy_id = f.proxy_id AND room.hour_bucket = f.hour_bucket
              WHERE f.route <> '%1$s'
            ), over AS (
              DELETE FROM fresh_routes f USING ranked r
              WHERE r.n > r.free AND f.route = r.route AND f.proxy_id = r.proxy_id AND f.hour_bucket = r.hour_bucket
              RETURNING f.route, f.proxy_id, f.hour_bucket
            )
            UPDATE stage_events s SET route = '%1$s' FROM over o
            WHERE s.route = o.route AND s.proxy_id = o.proxy_id AND date_trunc('hour', s.occurred_at) = o.hour_bucket"""
            .formatted(GuardRoutes.OVERFLOW);

    /**
     * For each prefix of each fresh derived route (its first segments, '' for none) followed by a
     * literal segment: the distinct literal segments after it among the hour's aggregate rows (a
     * range scan in byte order, '0' follows '/') and the batch's fresh routes; more than the
     * threshold is a decision. A decision another writer makes at the same moment is waited for
     * and returned too (not as made here), so this batch's routes follow it as well.
     */
    private static final String DECIDE = """
            WITH prefixes AS (
              SELECT DISTINCT f.hour_bucket, array_to_string(a[1:i - 1], '/') AS parent
              FROM fresh_routes f CROSS JOIN LATERAL string_to_array(f.route, '/') a
                   CROSS JOIN LATERAL generate_series(2, least(cardinality(a), %1$d)) i
              WHERE f.derived AND a[i] <> '' AND left(a[i], 1) <> '{'
            ), counted AS (
              SELECT p.hour_bucket, p.parent,
                     (SELECT count(DISTINCT v.segment) FROM (
                        SELECT %2$s AS segment FROM path_stats_hourly h
                        WHERE h.hour_bucket = p.hour_bucket AND h.route COLLATE "C" >= p.parent || '/' AND h.route COLLATE "C" < p.parent || '0'
                        UNION ALL
                        SELECT %3$s FROM fresh_routes f WHERE f.hour_bucket = p.hour_bucket AND starts_with(f.route, p.parent || '/')
                      ) v WHERE v.segment <> '' AND left(v.segment, 1) <> '{') AS n
              FROM prefixes p
              WHERE NOT EXISTS (SELECT 1 FROM route_collapses c WHERE c.parent = p.parent)
            )
            INSERT INTO route_collapses (parent, distinct_values, hour_bucket)
            SELECT DISTINCT ON (parent) parent, n, hour_bucket FROM counted WHERE n > ? ORDER BY parent, n DESC
            ON CONFLICT (parent) DO UPDATE SET distinct_values = route_collapses.distinct_values
            RETURNING parent, distinct_values, xmax = 0"""
            .formatted(MAX_DEPTH + 1, segmentAfter("h.route", "p.parent"), segmentAfter("f.route", "p.parent"));

    private final Limits limits;

    public RouteGuard(Limits limits) {
        this.limits = limits;
    }

    /** A decision: the segment after {@code parent} is variable; {@code madeHere} unless another writer made it first. */
    public record Decision(String parent, int distinctValues, boolean madeHere) {
    }

    /** What the guard did to a batch: the decisions it made (for the fold), and the events it counted under the overflow route. */
    public record Outcome(List<Decision> decisions, long overflowed) {
    }

    /** The guard's step in a batch transaction, on the staged rows not stored yet. */
    public Outcome apply(Connection c) throws SQLException {
        collapse(c);
        findFresh(c);
        List<Decision> decisions = decide(c);
        if (!decisions.isEmpty()) {
            collapse(c);
            findFresh(c);
        }
        return new Outcome(decisions.stream().filter(Decision::madeHere).toList(), capRoutesPerProxy(c));
    }

    /** Applies every decision to the staged routes of the classes; returns the events whose route changed. */
    private static long collapse(Connection c) throws SQLException {
        return collapse(c, "stage_events", "route", "TRUE");
    }

    /**
     * Applies every decision to the routes of the classes in {@code table} that match {@code where}:
     * the segment after a decision's prefix becomes {var}, pass after pass while a pass changes any
     * (a prefix can itself contain a {var} of an earlier decision).
     *
     * @param current the expression of a row's current route ({@code coalesce(route, path)} in the detail table)
     * @param where   a condition on the rows, with {@code params} for its placeholders
     */
    public static long collapse(Connection c, String table, String current, String where, Object... params) throws SQLException {
        String segment = segmentAfter(current, "c.parent");
        String sql = "UPDATE " + table + " s SET route = c.parent || '/" + GuardRoutes.VARIABLE + "' || substr(" + current + ", length(c.parent) + 2 + "
                + "length(" + segment + ")) FROM route_collapses c "
                + "WHERE coalesce(s.route_source, 'c') = 'c' AND starts_with(" + current + ", c.parent || '/') AND "
                + segment + " <> '' AND left(" + segment + ", 1) <> '{' AND (" + where + ")";
        long changed = 0;
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            for (int pass = 0; pass < MAX_PASSES; pass++) {
                int n = ps.executeUpdate();
                if (n == 0) {
                    break;
                }
                changed += n;
            }
        }
        return changed;
    }

    private static void findFresh(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute(FIND_FRESH);
        }
    }

    private long capRoutesPerProxy(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(CAP)) {
            ps.setInt(1, limits.routesPerProxy());
            return ps.executeUpdate();
        }
    }

    private List<Decision> decide(Connection c) throws SQLException {
        List<Decision> made = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(DECIDE)) {
            ps.setInt(1, limits.distinctValues());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    made.add(new Decision(rs.getString(1), rs.getInt(2), rs.getBoolean(3)));
                }
            }
        }
        return made;
    }

    /** SQL: the segment of {@code route} right after the prefix {@code parent} and its slash. */
    static String segmentAfter(String route, String parent) {
        return "split_part(substr(" + route + ", length(" + parent + ") + 2), '/', 1)";
    }
}
