package io.pathstats.query.paths;

import io.pathstats.common.event.EventParser;
import io.pathstats.common.event.LatencyHistogram;
import io.pathstats.common.ops.ApiError;
import io.pathstats.common.ops.QueryParams;
import io.pathstats.query.api.TimeseriesResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;

/** GET /paths/timeseries: one path's hourly requests, errors and p95, for dashboards' charts. */
public final class Timeseries {
    public static final Duration MAX_RANGE = Duration.ofDays(31);
    private static final Set<String> KNOWN = Set.of("route", "path", "proxyId", "from", "to");
    private static final String HIST_SUMS = LatencyHistogram.sums();

    private final DataSource dataSource;
    private final Clock clock;

    public Timeseries(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    public TimeseriesResponse query(Map<String, String> raw) throws SQLException {
        QueryParams params = QueryParams.of(raw, KNOWN);
        // "path" is what this parameter was called before routes; both name the route
        String route = params.text("route", EventParser.MAX_ROUTE);
        if (route == null) {
            route = params.text("path", EventParser.MAX_ROUTE);
        }
        if (route == null || !route.startsWith("/")) {
            throw ApiError.badRequest("route", "route is required and must start with / (at most " + EventParser.MAX_ROUTE + " characters)");
        }
        String proxyId = params.text("proxyId", EventParser.MAX_PROXY_ID);
        Instant to = params.instant("to", clock.instant());
        Instant from = params.instant("from", to.minus(Duration.ofHours(24)));
        if (!from.isBefore(to)) {
            throw ApiError.badRequest("from", "from must be before to");
        }
        if (Duration.between(from, to).compareTo(MAX_RANGE) > 0) {
            throw ApiError.badRequest("from", "the range may span at most " + MAX_RANGE.toDays() + " days");
        }
        String sql = "SELECT hour_bucket, sum(requests), sum(errors), max(latency_max), " + HIST_SUMS + " FROM path_stats_hourly "
                + "WHERE route = ? AND hour_bucket >= ? AND hour_bucket < ? " + (proxyId != null ? "AND proxy_id = ? " : "")
                + "GROUP BY hour_bucket ORDER BY hour_bucket";
        List<TimeseriesResponse.Point> points = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, route);
            ps.setTimestamp(2, Timestamp.from(from.truncatedTo(ChronoUnit.HOURS)));
            ps.setTimestamp(3, Timestamp.from(to));
            if (proxyId != null) {
                ps.setString(4, proxyId);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long[] hist = new long[LatencyHistogram.BUCKETS];
                    for (int b = 0; b < hist.length; b++) {
                        hist[b] = rs.getLong(5 + b);
                    }
                    int max = rs.getInt(4);
                    Integer maxLatency = rs.wasNull() ? null : max; // read before the next column: wasNull is about the last one
                    points.add(new TimeseriesResponse.Point(rs.getTimestamp(1).toInstant().toString(), rs.getLong(2), rs.getLong(3),
                            LatencyHistogram.quantile(hist, 0.95, maxLatency)));
                }
            }
        }
        return new TimeseriesResponse(true, route, proxyId, from.toString(), to.toString(), points);
    }
}
