package io.pathstats.pipeline.hourly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pathstats.client.TrafficEvent;
import io.pathstats.common.route.RouteTemplater;
import io.pathstats.common.stats.PathStat;
import io.pathstats.common.stats.PathStatsQuery;
import io.pathstats.common.stats.StatsWindow;
import io.pathstats.pipeline.reaggregate.HourRebuild;
import io.pathstats.pipeline.writer.BatchStore;
import io.pathstats.testing.TestDatabase;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The daily rollup on a real PostgreSQL: a rolled day equals the sum of its hours, also after late
 * events, a re-aggregation and a batch in flight while it rolls; windows read a day from the rollup
 * only while it is clean, and give the same statistics either way.
 */
class DailyRollupIT {
    private static final String DAY_EQUALS_HOURS = "SELECT count(*) FROM ((%1$s EXCEPT %2$s) UNION ALL (%2$s EXCEPT %1$s)) differ";
    private static final String DAILY = "SELECT route, proxy_id, requests, errors, client_errors, latency_count, latency_sum_us, "
            + "latency_max_us, latency_sketch FROM path_stats_daily WHERE day = '%s'";
    private static final String HOURS = "SELECT route, proxy_id, sum(requests)::bigint, sum(errors)::bigint, sum(client_errors)::bigint, "
            + "sum(latency_count)::bigint, sum(latency_sum_us)::bigint, max(latency_max_us), "
            + "(SELECT coalesce(array_agg((b << 40) | n ORDER BY b), '{}') FROM (SELECT e >> 40 AS b, sum(e & 1099511627775)::bigint AS n "
            + "FROM path_stats_hourly i, unnest(i.latency_sketch) e WHERE i.route = h.route AND i.proxy_id = h.proxy_id "
            + "AND i.hour_bucket >= '%1$s' AND i.hour_bucket < '%2$s' GROUP BY 1) bins) "
            + "FROM path_stats_hourly h WHERE hour_bucket >= '%1$s' AND hour_bucket < '%2$s' GROUP BY route, proxy_id";

    private final TestDatabase db = TestDatabase.migrated();
    private final BatchStore store = new BatchStore(db.dataSource());
    private final DailyRollup rollup = new DailyRollup(db.dataSource());
    private final LocalDate day = LocalDate.now(ZoneOffset.UTC).minusDays(2);
    private final Instant dayStart = day.atStartOfDay(ZoneOffset.UTC).toInstant();
    private int ids;

    @AfterEach
    void tearDown() {
        db.close();
    }

    private List<TrafficEvent> events(Instant hour, int n) {
        List<TrafficEvent> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int id = ids++;
            out.add(new TrafficEvent("e" + id, hour.plusSeconds(id % 3600), "/r" + (id % 5), "GET", id % 9 == 0 ? 503 : 200,
                    id % 11 == 0 ? null : (long) (200 + id * 37 % 90_000), "edge-" + (id % 2), null));
        }
        return out;
    }

    private long dayDiffersFromHours() {
        return db.queryLong(DAY_EQUALS_HOURS.formatted(DAILY.formatted(day),
                HOURS.formatted(dayStart, dayStart.plus(Duration.ofDays(1)))));
    }

    private boolean clean() {
        return db.queryLong("SELECT count(*) FROM daily_rollups WHERE day = '" + day + "' AND NOT dirty") == 1;
    }

    private Map<String, Long> weekRequests() throws Exception {
        try (Connection c = db.dataSource().getConnection()) {
            return PathStatsQuery.aggregate(c, StatsWindow.last(Duration.ofDays(7), Instant.now()), PathStatsQuery.Filter.ALL).stream()
                    .collect(Collectors.toMap(s -> s.route() + " " + s.proxyId(), PathStat::requestCount));
        }
    }

    @Test
    void aRolledDayEqualsItsHoursAfterLateEventsAndReaggregation() throws Exception {
        for (int h = 0; h < 24; h += 5) {
            store.write(events(dayStart.plus(Duration.ofHours(h)), 400));
        }
        store.write(events(dayStart.plus(Duration.ofDays(1)), 100)); // the next day, also due
        Map<String, Long> fromHours = weekRequests();

        assertThat(rollup.rollDue(Instant.now())).as("every day of the longest window is looked at once").isGreaterThanOrEqualTo(2);
        assertThat(clean()).isTrue();
        assertThat(db.queryLong("SELECT count(*) FROM path_stats_daily WHERE day = '" + day + "'")).isEqualTo(10);
        assertThat(dayDiffersFromHours()).isZero();
        assertThat(weekRequests()).as("the same statistics from the rollup as from the hours").isEqualTo(fromHours);
        assertThat(rollup.rollDue(Instant.now())).as("nothing left to roll").isZero();

        // a late event: the day is dirty at once (windows read its hours) and equal again after the next round
        store.write(events(dayStart.plus(Duration.ofHours(7)), 3));
        assertThat(clean()).isFalse();
        assertThat(weekRequests().values().stream().mapToLong(Long::longValue).sum())
                .isEqualTo(fromHours.values().stream().mapToLong(Long::longValue).sum() + 3);
        assertThat(rollup.rollDue(Instant.now())).isEqualTo(1);
        assertThat(clean()).isTrue();
        assertThat(dayDiffersFromHours()).isZero();

        // a re-aggregation of one of its hours marks it dirty too
        new HourRebuild(db.dataSource()).rebuild(dayStart.plus(Duration.ofHours(5)), RouteTemplater.builtIn());
        assertThat(clean()).isFalse();
        rollup.rollDue(Instant.now());
        assertThat(dayDiffersFromHours()).isZero();
    }

    @Test
    void aBatchInFlightWhileTheDayRollsIsInTheRollupOrMarksItDirty() throws Exception {
        store.write(events(dayStart.plus(Duration.ofHours(3)), 50));
        rollup.roll(day);
        try (Connection batch = db.dataSource().getConnection()) {
            // a writer's batch that holds the hour as every batch does, has added to its aggregates and not committed
            batch.setAutoCommit(false);
            try (Statement st = batch.createStatement()) {
                st.execute("CREATE TEMP TABLE IF NOT EXISTS stage_events (occurred_at timestamptz) ON COMMIT DELETE ROWS");
                st.execute("INSERT INTO stage_events (occurred_at) VALUES ('" + dayStart.plus(Duration.ofHours(3)) + "')");
                st.execute(HourLocks.SHARED_FOR_STAGED_HOURS);
                st.executeUpdate("UPDATE path_stats_hourly SET requests = requests + 1000 WHERE route = '/r1' AND proxy_id = 'edge-1'");
                st.executeUpdate(DailyRollup.MARK_STAGED_DAYS);
            }
            CompletableFuture<Integer> rolling = CompletableFuture.supplyAsync(() -> {
                try {
                    return rollup.roll(day);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            await().atMost(Duration.ofSeconds(20)).until(() -> db.queryLong(
                    "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND wait_event = 'advisory'") == 1);
            batch.commit();
            rolling.get(20, TimeUnit.SECONDS);
        }
        assertThat(clean()).as("rolled after the batch committed, so with it").isTrue();
        assertThat(dayDiffersFromHours()).isZero();
        assertThat(db.queryLong("SELECT sum(requests) FROM path_stats_daily WHERE day = '" + day + "'")).isEqualTo(1050);
    }

    @Test
    void daysBeyondTheLongestWindowAndTheCurrentDayAreNotRolled() throws Exception {
        Instant now = Instant.now();
        store.write(events(now.truncatedTo(ChronoUnit.HOURS), 10));
        rollup.rollDue(now);
        assertThat(db.queryLong("SELECT count(*) FROM daily_rollups WHERE day >= '" + LocalDate.now(ZoneOffset.UTC) + "'")).isZero();
        assertThat(db.queryLong("SELECT count(*) FROM daily_rollups WHERE day < '"
                + LocalDate.now(ZoneOffset.UTC).minusDays(StatsWindow.MAX_DAYS) + "'")).isZero();
    }
}
