package io.pathstats.pipeline.guard;

import io.pathstats.common.route.GuardRoutes;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The cardinality guard, in a writer's batch transaction:
 * <ol>
 * <li>after the barrier lock (so the decisions it reads are ordered against their folds, see
 * {@link RouteFold}) and before COPY, every decision so far applies to the batch's routes of the
 * built-in classes, in memory ({@link #decisionsBeforeCopy}, {@link Collapses});</li>
 * <li>then on the staging table, before the staged rows are stored ({@link #apply}): where the
 * batch brings routes new to their hour, the distinct literal segments after each of
 * their prefixes are counted over the hour's aggregate rows and the batch's new routes; a prefix
 * with more than the threshold becomes a decision: the segment after it is {@code {var}} from then
 * on, for this batch's rows too;</li>
 * <li>a staged route new to its (proxy, hour) beyond the proxy's cap is counted under
 * {@link GuardRoutes#OVERFLOW} instead; the routes with the most events in the batch get the places left.</li>
 * </ol>
 * Routes only ever change into other routes here: every event is still counted exactly once. The
 * counting costs one primary-key probe per distinct staged key while a batch brings no route new to its hour.
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
     * Each prefix of each fresh derived route (its first segments, '' for none) followed by a
     * literal segment, not decided yet, with the number of distinct such segments in the batch.
     */
    private static final String PREFIXES = """
            SELECT f.hour_bucket, array_to_string(a[1:i - 1], '/') AS parent, count(DISTINCT a[i])
            FROM fresh_routes f CROSS JOIN LATERAL string_to_array(f.route, '/') a
                 CROSS JOIN LATERAL generate_series(2, least(cardinality(a), %1$d)) i
            WHERE f.derived AND a[i] <> '' AND left(a[i], 1) <> '{'
              AND NOT EXISTS (SELECT 1 FROM route_collapses c WHERE c.parent = array_to_string(a[1:i - 1], '/'))
            GROUP BY 1, 2""".formatted(MAX_DEPTH + 1);

    /**
     * For the given (hour, prefix) pairs: the distinct literal segments after the prefix among the
     * hour's aggregate rows (a range scan in byte order, '0' follows '/') and the batch's fresh routes.
     */
    private static final String COUNT = """
            SELECT p.hour_bucket, p.parent,
                   (SELECT count(DISTINCT v.segment) FROM (
                      SELECT %1$s AS segment FROM path_stats_hourly h
                      WHERE h.hour_bucket = p.hour_bucket AND h.route COLLATE "C" >= p.parent || '/' AND h.route COLLATE "C" < p.parent || '0'
                      UNION ALL
                      SELECT %2$s FROM fresh_routes f WHERE f.hour_bucket = p.hour_bucket AND starts_with(f.route, p.parent || '/')
                    ) v WHERE v.segment <> '' AND left(v.segment, 1) <> '{')
            FROM unnest(?::timestamptz[], ?::text[]) AS p(hour_bucket, parent)"""
            .formatted(segmentAfter("h.route", "p.parent"), segmentAfter("f.route", "p.parent"));

    /** A decision another writer makes at the same moment is waited for and returned too (not as made here). */
    private static final String DECIDE = """
            INSERT INTO route_collapses (parent, distinct_values, hour_bucket) VALUES (?, ?, ?)
            ON CONFLICT (parent) DO UPDATE SET distinct_values = route_collapses.distinct_values
            RETURNING parent, distinct_values, xmax = 0""";

    /** (hour, prefix) pairs remembered at most: a day of a large API's prefixes. */
    private static final int MAX_BOUNDS = 200_000;

    private final Limits limits;
    /**
     * Per (hour, prefix): an upper bound of its distinct values, from the last count plus the
     * values batches of this process brought since. A prefix is counted again only once its bound
     * passes the threshold, so a backlog that brings the same prefixes batch after batch does not
     * scan their hours each time. Values other processes bring are not in the bound: a decision
     * can come a little later than the threshold, never earlier.
     */
    private final Map<String, Integer> bounds = Collections.synchronizedMap(new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Integer> eldest) {
            return size() > MAX_BOUNDS;
        }
    });

    /** The decisions the last batch read, with the rewrites remembered under them. */
    private volatile Collapses collapses = Collapses.NONE;

    public RouteGuard(Limits limits) {
        this.limits = limits;
    }

    /**
     * The guard's first step, before COPY and after the barrier ({@link io.pathstats.pipeline.hourly.HourLocks#SHARED_BARRIER}):
     * the decisions so far, to apply to the batch's routes of the classes.
     */
    public Collapses decisionsBeforeCopy(Connection c) throws SQLException {
        Collapses now = Collapses.read(c, collapses);
        collapses = now;
        return now;
    }

    /** A decision: the segment after {@code parent} is variable; {@code madeHere} unless another writer made it first. */
    public record Decision(String parent, int distinctValues, boolean madeHere) {
    }

    /** What the guard did to a batch: the decisions it made (for the fold), and the events it counted under the overflow route. */
    public record Outcome(List<Decision> decisions, long overflowed) {
    }

    /** The guard's step in a batch transaction, on the staged rows not stored yet. */
    /** The guard's step in a batch transaction, on the staged rows not stored yet (their decisions applied before COPY). */
    public Outcome apply(Connection c) throws SQLException {
        findFresh(c);
        List<Decision> decisions = decide(c);
        if (!decisions.isEmpty()) {
            collapse(c);
            findFresh(c);
        }
        return new Outcome(decisions.stream().filter(Decision::madeHere).toList(), capRoutesPerProxy(c));
    }

    /**
     * Applies every decision to the staged routes of the classes (after a decision of this batch);
     * returns the events whose route changed. Hash joins for it only: the batch's other statements
     * keep their probe plans.
     */
    private static long collapse(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("SET LOCAL enable_hashjoin = on");
            long changed = collapse(c, "stage_events", "s.route", "TRUE");
            st.execute("SET LOCAL enable_hashjoin = off");
            return changed;
        }
    }

    /**
     * Applies every decision to the routes of the classes in {@code table} (aliased {@code s}) that
     * match {@code where}: the segment after a decision's prefix becomes {var}. The distinct routes
     * are matched to the decisions by their prefixes (equality, so a hash join, whatever the number
     * of decisions), the shallowest first, pass after pass while a pass changes any (a prefix can
     * itself contain a {var} of an earlier decision).
     *
     * @param current the expression of a row's current route ({@code coalesce(s.route, s.path)} in the detail table)
     * @param where   a condition on the rows, with {@code params} for its placeholders
     */
    public static long collapse(Connection c, String table, String current, String where, Object... params) throws SQLException {
        String sql = """
                WITH r AS (SELECT DISTINCT %1$s AS route FROM %2$s s WHERE coalesce(s.route_source, 'c') = 'c' AND (%3$s)),
                m AS (
                  SELECT DISTINCT ON (r.route) r.route, c.parent
                  FROM r CROSS JOIN LATERAL string_to_array(r.route, '/') a
                       CROSS JOIN LATERAL generate_series(2, least(cardinality(a), %4$d)) i
                       JOIN route_collapses c ON c.parent = array_to_string(a[1:i - 1], '/')
                  WHERE a[i] <> '' AND left(a[i], 1) <> '{'
                  ORDER BY r.route, i)
                UPDATE %2$s s SET route = m.parent || '/%5$s' || substr(m.route, length(m.parent) + 2 + length(%6$s))
                FROM m WHERE %1$s = m.route AND coalesce(s.route_source, 'c') = 'c' AND (%3$s)"""
                .formatted(current, table, where, MAX_DEPTH + 1, GuardRoutes.VARIABLE, segmentAfter("m.route", "m.parent"));
        long changed = 0;
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
                ps.setObject(params.length + i + 1, params[i]);
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
        List<Timestamp> hours = new ArrayList<>();
        List<String> parents = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(PREFIXES)) {
            while (rs.next()) {
                String key = rs.getTimestamp(1).toInstant() + " " + rs.getString(2);
                Integer bound = bounds.get(key);
                int fresh = rs.getInt(3);
                if (bound != null && bound + fresh <= limits.distinctValues()) {
                    bounds.put(key, bound + fresh);
                } else {
                    hours.add(rs.getTimestamp(1));
                    parents.add(rs.getString(2));
                }
            }
        }
        List<Decision> made = new ArrayList<>();
        if (hours.isEmpty()) {
            return made;
        }
        List<Object[]> over = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(COUNT)) {
            ps.setArray(1, c.createArrayOf("timestamptz", hours.toArray()));
            ps.setArray(2, c.createArrayOf("text", parents.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    int n = rs.getInt(3);
                    bounds.put(rs.getTimestamp(1).toInstant() + " " + rs.getString(2), n);
                    if (n > limits.distinctValues()) {
                        over.add(new Object[] {rs.getString(2), n, rs.getTimestamp(1)});
                    }
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement(DECIDE)) {
            for (Object[] o : over) {
                ps.setString(1, (String) o[0]);
                ps.setInt(2, (Integer) o[1]);
                ps.setTimestamp(3, (Timestamp) o[2]);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
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
