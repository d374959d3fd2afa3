package io.pathstats.pipeline.guard;

import io.pathstats.common.route.GuardRoutes;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The guard's decisions as a writer applies them to a batch's records before COPY, in memory: the
 * same rewrite as {@link RouteGuard#collapse} in SQL (shallowest prefix first, each literal segment
 * after a decided prefix becomes {var}), on the routes of the built-in classes only. A route's
 * rewrite is remembered for the set of decisions it was made under, so a batch costs one hash
 * lookup per event once its routes are known.
 */
public final class Collapses {
    static final Collapses NONE = new Collapses(Set.of());
    /** Remembered rewrites at most; past it the memo starts over. */
    private static final int MAX_MEMO = 100_000;
    private static final int MAX_DEPTH = 8;

    private final Set<String> parents;
    private final ConcurrentHashMap<String, String> memo = new ConcurrentHashMap<>();

    private Collapses(Set<String> parents) {
        this.parents = parents;
    }

    /** The decisions now, read in the batch's transaction; {@code known} again when they are the same. */
    static Collapses read(Connection c, Collapses known) throws SQLException {
        Set<String> now = new HashSet<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT parent FROM route_collapses")) {
            while (rs.next()) {
                now.add(rs.getString(1));
            }
        }
        return now.equals(known.parents) ? known : of(now);
    }

    /** Decisions as a set of prefixes, for tests and tools. */
    static Collapses of(Set<String> parents) {
        return new Collapses(Set.copyOf(parents));
    }

    public boolean isEmpty() {
        return parents.isEmpty();
    }

    /** The route with every decision applied (a route of the classes). */
    public String collapse(String route) {
        String known = memo.get(route);
        if (known != null) {
            return known;
        }
        String collapsed = rewrite(route);
        if (memo.size() >= MAX_MEMO) {
            memo.clear();
        }
        memo.put(route, collapsed);
        return collapsed;
    }

    private String rewrite(String route) {
        String current = route;
        int start = 1; // where the segment at the current position begins
        for (int position = 0; position < MAX_DEPTH && start <= current.length(); position++) {
            int end = current.indexOf('/', start);
            if (end < 0) {
                end = current.length();
            }
            boolean literal = end > start && current.charAt(start) != '{';
            if (literal && parents.contains(current.substring(0, start - 1))) {
                current = current.substring(0, start) + GuardRoutes.VARIABLE + current.substring(end);
                end = start + GuardRoutes.VARIABLE.length();
            }
            start = end + 1;
        }
        return current;
    }
}
