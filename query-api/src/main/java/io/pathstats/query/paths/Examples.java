package io.pathstats.query.paths;

import io.pathstats.common.event.EventParser;
import io.pathstats.common.ops.ApiError;
import io.pathstats.common.ops.QueryParams;
import io.pathstats.query.api.ExamplesResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;

/**
 * GET /paths/examples: the raw paths a route was counted from, from the detail rows of the last
 * hours (what an operator needs to write a rule). The detail table's key leads with occurred_at, so
 * the query reads only those hours.
 */
public final class Examples {
    private static final Set<String> KNOWN = Set.of("route", "proxyId", "hours", "limit");

    private final DataSource dataSource;
    private final Clock clock;

    public Examples(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    public ExamplesResponse query(Map<String, String> raw) throws SQLException {
        QueryParams params = QueryParams.of(raw, KNOWN);
        String route = params.text("route", EventParser.MAX_ROUTE);
        if (route == null || !route.startsWith("/")) {
            throw ApiError.badRequest("route", "route is required and must start with /");
        }
        String proxyId = params.text("proxyId", EventParser.MAX_PROXY_ID);
        int hours = params.integer("hours", 1, 1, 72);
        int limit = params.integer("limit", 20, 1, 200);
        String sql = "SELECT path, count(*), max(occurred_at) FROM traffic_events WHERE occurred_at >= ? AND coalesce(route, path) = ? "
                + (proxyId != null ? "AND proxy_id = ? " : "") + "GROUP BY path ORDER BY count(*) DESC, path LIMIT ?";
        List<ExamplesResponse.Example> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            ps.setTimestamp(i++, Timestamp.from(clock.instant().minus(Duration.ofHours(hours))));
            ps.setString(i++, route);
            if (proxyId != null) {
                ps.setString(i++, proxyId);
            }
            ps.setInt(i, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new ExamplesResponse.Example(rs.getString(1), rs.getLong(2), rs.getTimestamp(3).toInstant().toString()));
                }
            }
        }
        return new ExamplesResponse(true, route, proxyId, hours, out);
    }
}
