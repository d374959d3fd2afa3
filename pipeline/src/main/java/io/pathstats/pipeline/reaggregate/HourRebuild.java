package io.pathstats.pipeline.reaggregate;

import io.pathstats.common.route.GuardRoutes;
import io.pathstats.common.route.RouteSource;
import io.pathstats.common.route.RouteTemplater;
import io.pathstats.common.route.Routed;
import io.pathstats.migrations.DetailPartitions;
import io.pathstats.pipeline.guard.RouteGuard;
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
import javax.sql.DataSource;

/**
 * Rebuilds one UTC hour's aggregates from its detail rows under the given rules, in ONE
 * transaction that holds the hour's lock exclusively ({@link HourLocks}): derived routes are
 * derived again from the raw paths (producer routes are kept, and so are overflow rows: the cap
 * decided at ingest stands), with the cardinality guard's decisions, the hour's aggregate rows are
 * replaced by the sums of its detail rows, and commit makes all of it visible at once. The hour is
 * therefore entirely old or entirely new, never counted twice; a run killed half-way leaves the
 * hour as it was, and running it again is harmless. An hour whose detail rows are gone (archived,
 * its day partition dropped) is left alone.
 */
public final class HourRebuild {
    /** What one hour's rebuild did. */
    public record Outcome(Instant hour, boolean skipped, long rows, long rerouted) {
    }

    private static final int FETCH = 10_000;

    private final DataSource dataSource;

    public HourRebuild(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public Outcome rebuild(Instant hour, RouteTemplater templater) throws SQLException {
        Instant end = hour.plusSeconds(3600);
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                if (!DetailPartitions.exists(c, LocalDate.ofInstant(hour, ZoneOffset.UTC))) {
                    c.rollback();
                    return new Outcome(hour, true, 0, 0);
                }
                HourLocks.exclusive(c, hour);
                DailyRollup.hourChanged(c, hour);
                try (Statement st = c.createStatement()) {
                    st.execute("CREATE TEMP TABLE reroute (occurred_at timestamptz, event_id text, route text, route_source \"char\") ON COMMIT DROP");
                }
                long rows = 0;
                long derived = 0;
                try (PreparedStatement read = c.prepareStatement("SELECT occurred_at, event_id, path, route, route_source FROM traffic_events "
                        + "WHERE occurred_at >= ? AND occurred_at < ? AND route_source IS DISTINCT FROM ? AND route IS DISTINCT FROM ?");
                     PreparedStatement add = c.prepareStatement("INSERT INTO reroute VALUES (?, ?, ?, ?::\"char\")")) {
                    read.setFetchSize(FETCH);
                    read.setTimestamp(1, Timestamp.from(hour));
                    read.setTimestamp(2, Timestamp.from(end));
                    read.setString(3, String.valueOf(RouteSource.PRODUCER.code()));
                    read.setString(4, GuardRoutes.OVERFLOW);
                    try (ResultSet rs = read.executeQuery()) {
                        while (rs.next()) {
                            rows++;
                            Routed now = templater.derive(rs.getString(3));
                            if (!now.route().equals(rs.getString(4)) || !String.valueOf(now.source().code()).equals(rs.getString(5))) {
                                add.setTimestamp(1, rs.getTimestamp(1));
                                add.setString(2, rs.getString(2));
                                add.setString(3, now.route());
                                add.setString(4, String.valueOf(now.source().code()));
                                add.addBatch();
                                if (++derived % FETCH == 0) {
                                    add.executeBatch();
                                }
                            }
                        }
                    }
                    add.executeBatch();
                }
                // the guard's decisions hold for derived routes whatever the rules: applied before comparing
                RouteGuard.collapse(c, "reroute", "s.route", "TRUE");
                long rerouted;
                try (PreparedStatement ps = c.prepareStatement("UPDATE traffic_events t SET route = r.route, route_source = r.route_source "
                        + "FROM reroute r WHERE t.occurred_at = r.occurred_at AND t.event_id = r.event_id AND t.occurred_at >= ? AND t.occurred_at < ? "
                        + "AND (t.route IS DISTINCT FROM r.route OR t.route_source IS DISTINCT FROM r.route_source)")) {
                    ps.setTimestamp(1, Timestamp.from(hour));
                    ps.setTimestamp(2, Timestamp.from(end));
                    rerouted = ps.executeUpdate();
                }
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM path_stats_hourly WHERE hour_bucket = ?")) {
                    ps.setTimestamp(1, Timestamp.from(hour));
                    ps.executeUpdate();
                }
                try (PreparedStatement ps = c.prepareStatement(AggregateUpsert.fromRows(
                        "traffic_events WHERE occurred_at >= ? AND occurred_at < ?"))) {
                    ps.setTimestamp(1, Timestamp.from(hour));
                    ps.setTimestamp(2, Timestamp.from(end));
                    ps.executeUpdate();
                }
                c.commit();
                return new Outcome(hour, false, rows, rerouted);
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }
}
