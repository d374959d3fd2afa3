package io.pathstats.pipeline.hourly;

import io.pathstats.common.latency.LatencySketch;
import io.pathstats.common.stats.StatsWindow;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daily rollup (path_stats_daily), exact: a day's rows are the sum of its hours whenever
 * daily_rollups calls the day clean, and readers use them only then (docs/architecture.md, rule 9).
 * A day is rolled in one transaction that holds each of its hours exclusively ({@link HourLocks}), so
 * it sees every batch of the day committed or not yet begun; every later change to one of its hours
 * (a late event, a fold, a re-aggregation) marks the day dirty in the changing transaction, and the
 * next round rolls it again.
 */
public final class DailyRollup {
    private static final Logger log = LoggerFactory.getLogger(DailyRollup.class);
    /** A day is first rolled this long after it ended: the stragglers of its last minutes come first. */
    static final Duration GRACE = Duration.ofHours(1);
    /** In a writer batch: every rolled day between the staged events' first and last is dirty now. */
    public static final String MARK_STAGED_DAYS = "UPDATE daily_rollups SET dirty = true WHERE NOT dirty "
            + "AND day BETWEEN (SELECT min(occurred_at)::date FROM stage_events) AND (SELECT max(occurred_at)::date FROM stage_events)";
    private static final String COUNTER_SUMS = "sum(requests)::bigint, sum(errors)::bigint, sum(client_errors)::bigint, "
            + "sum(latency_count)::bigint, sum(latency_sum_us)::bigint, max(latency_max_us), max(last_seen), bool_or(latency_coarse)";
    private static final String ROLL = """
            WITH hours AS (
              SELECT * FROM path_stats_hourly WHERE hour_bucket >= ? AND hour_bucket < ?
            ), bins AS (
              SELECT route, proxy_id, array_agg((bin << %1$d) | n ORDER BY bin) AS latency_sketch
              FROM (SELECT route, proxy_id, e >> %1$d AS bin, sum(e & %2$d)::bigint AS n
                    FROM hours, unnest(latency_sketch) e GROUP BY 1, 2, 3) b
              GROUP BY 1, 2
            ), sums AS (
              SELECT route, proxy_id, %3$s FROM hours GROUP BY route, proxy_id
            )
            INSERT INTO path_stats_daily (day, route, proxy_id, requests, errors, client_errors, latency_count, latency_sum_us,
                                          latency_max_us, last_seen, latency_coarse, latency_sketch)
            SELECT ?, s.*, coalesce(b.latency_sketch, '{}') FROM sums s LEFT JOIN bins b USING (route, proxy_id)
            """.formatted(LatencySketch.COUNT_BITS, LatencySketch.COUNT_MASK, COUNTER_SUMS);

    private final DataSource dataSource;

    public DailyRollup(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** In a transaction that changes aggregate rows of {@code hour} outside a writer batch. */
    public static void hourChanged(Connection c, Instant hour) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE daily_rollups SET dirty = true WHERE NOT dirty AND day = ?")) {
            ps.setDate(1, Date.valueOf(LocalDate.ofInstant(hour, ZoneOffset.UTC)));
            ps.executeUpdate();
        }
    }

    /** Rolls every day of the longest window that ended at least {@link #GRACE} ago and is not clean; returns how many. */
    public int rollDue(Instant now) throws SQLException {
        LocalDate last = LocalDate.ofInstant(now.minus(GRACE), ZoneOffset.UTC).minusDays(1);
        LocalDate first = LocalDate.ofInstant(now, ZoneOffset.UTC).minusDays(StatsWindow.MAX_DAYS);
        List<LocalDate> due = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT d::date FROM generate_series(?::date, ?::date, interval '1 day') d "
                     + "WHERE NOT EXISTS (SELECT 1 FROM daily_rollups r WHERE r.day = d::date AND NOT r.dirty) ORDER BY 1")) {
            ps.setDate(1, Date.valueOf(first));
            ps.setDate(2, Date.valueOf(last));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    due.add(rs.getDate(1).toLocalDate());
                }
            }
        }
        for (LocalDate day : due) {
            roll(day);
        }
        return due.size();
    }

    /** Rebuilds the day's rows from its hours and marks it clean; returns the rows written. */
    public int roll(LocalDate day) throws SQLException {
        Instant start = day.atStartOfDay(ZoneOffset.UTC).toInstant();
        long began = System.nanoTime();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                for (int h = 0; h < 24; h++) {
                    HourLocks.exclusive(c, start.plus(Duration.ofHours(h)));
                }
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM path_stats_daily WHERE day = ?")) {
                    ps.setDate(1, Date.valueOf(day));
                    ps.executeUpdate();
                }
                int rows;
                try (PreparedStatement ps = c.prepareStatement(ROLL)) {
                    ps.setTimestamp(1, Timestamp.from(start));
                    ps.setTimestamp(2, Timestamp.from(start.plus(Duration.ofDays(1))));
                    ps.setDate(3, Date.valueOf(day));
                    rows = ps.executeUpdate();
                }
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO daily_rollups (day, dirty, rolled_at) VALUES (?, false, now()) "
                        + "ON CONFLICT (day) DO UPDATE SET dirty = false, rolled_at = now()")) {
                    ps.setDate(1, Date.valueOf(day));
                    ps.executeUpdate();
                }
                c.commit();
                if (rows > 0) {
                    log.info("daily rollup of {}: {} rows in {} ms", day, rows, Duration.ofNanos(System.nanoTime() - began).toMillis());
                }
                return rows;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }
}
