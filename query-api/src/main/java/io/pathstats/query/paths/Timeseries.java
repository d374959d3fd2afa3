package io.pathstats.query.paths;

import io.pathstats.common.event.EventParser;
import io.pathstats.common.ops.ApiError;
import io.pathstats.common.ops.QueryParams;
import io.pathstats.common.stats.AggregateSum;
import io.pathstats.common.stats.StatsWindow;
import io.pathstats.query.api.PathsResponse.PathItem;
import io.pathstats.query.api.TimeseriesResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;

/** GET /paths/timeseries: one route's hourly requests, errors and latency percentiles, for dashboards' charts. */
public final class Timeseries {
    public static final Duration MAX_RANGE = Duration.ofDays(31);
    private static final Set<String> KNOWN = Set.of("route", "path", "proxyId", "from", "to");

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
        StatsWindow hours = StatsWindow.covering(from, to);
        if (hours.length().compareTo(MAX_RANGE) > 0) {
            throw ApiError.badRequest("from", "the range may span at most " + MAX_RANGE.toDays() + " days");
        }
        Map<Instant, AggregateSum> byHour = read(route, proxyId, hours);
        List<TimeseriesResponse.Point> points = new ArrayList<>();
        for (Instant h = hours.start(); h.isBefore(hours.end()); h = h.plus(Duration.ofHours(1))) {
            points.add(point(h, byHour.getOrDefault(h, new AggregateSum())));
        }
        return new TimeseriesResponse(true, route, proxyId, hours.start().toString(), hours.end().toString(), points);
    }

    private Map<Instant, AggregateSum> read(String route, String proxyId, StatsWindow hours) throws SQLException {
        String sql = "SELECT hour_bucket, " + AggregateSum.COLUMNS + " FROM path_stats_hourly WHERE route = ? AND hour_bucket >= ? AND hour_bucket < ? "
                + (proxyId != null ? "AND proxy_id = ? " : "");
        Map<Instant, AggregateSum> byHour = new HashMap<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, route);
            ps.setTimestamp(2, Timestamp.from(hours.start()));
            ps.setTimestamp(3, Timestamp.from(hours.end()));
            if (proxyId != null) {
                ps.setString(4, proxyId);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    byHour.computeIfAbsent(rs.getTimestamp(1).toInstant(), h -> new AggregateSum()).add(rs, 2);
                }
            }
        }
        return byHour;
    }

    /** One hour of the route, merged over its proxies, rounded as /paths rounds. */
    private static TimeseriesResponse.Point point(Instant hour, AggregateSum sum) {
        PathItem item = PathItem.of(sum.toStat("", "", hour));
        return new TimeseriesResponse.Point(hour.toString(), item.requestCount(), item.errorCount(), item.clientErrorCount(),
                item.avgLatencyMs(), item.p50LatencyMs(), item.p90LatencyMs(), item.p95LatencyMs(), item.p99LatencyMs(), item.maxLatencyMs(),
                item.latencyCoarse());
    }
}
