package io.pathstats.pipeline.guard;

import static org.assertj.core.api.Assertions.assertThat;

import io.pathstats.client.TrafficEvent;
import io.pathstats.common.route.RouteSource;
import io.pathstats.common.route.Routed;
import io.pathstats.migrations.PartitionMaintenance;
import io.pathstats.pipeline.row.EventRow;
import io.pathstats.pipeline.writer.BatchResult;
import io.pathstats.pipeline.writer.BatchStore;
import io.pathstats.pipeline.writer.CopyRows;
import io.pathstats.testing.AggregateCheck;
import io.pathstats.testing.TestDatabase;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The cardinality guard on a real PostgreSQL, batch by batch: decisions, folds, the per-proxy cap; totals exact throughout. */
class RouteGuardIT {
    private static final int THRESHOLD = 20;
    private final TestDatabase db = TestDatabase.migrated();
    private final Instant hour = Instant.now().truncatedTo(ChronoUnit.HOURS);
    private int ids;

    @BeforeEach
    void partitions() throws Exception {
        PartitionMaintenance.ensurePartitions(db.dataSource(), 3);
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    /** Lower-case words the built-in classes keep: what the guard is for. */
    private static String word(int i) {
        StringBuilder b = new StringBuilder("n");
        for (int n = i; n > 0 || b.length() < 4; n /= 26) {
            b.append((char) ('a' + n % 26));
        }
        return b.toString();
    }

    private byte[] event(Instant at, String path, Routed routed, String proxy) {
        TrafficEvent e = new TrafficEvent("e" + ids++, at.plusMillis(ids % 3_600_000), path, "GET", ids % 7 == 0 ? 503 : 200,
                ids % 500, proxy);
        return EventRow.encode(routed.source() == RouteSource.PRODUCER ? e.withRoute(routed.route()) : e, routed);
    }

    private byte[] derived(String path) {
        return event(hour, path, new Routed(path, RouteSource.CLASSES), "p1");
    }

    private static BatchResult write(BatchStore store, List<byte[]> records) throws Exception {
        CopyRows rows = new CopyRows();
        records.forEach(rows::add);
        return store.write(rows);
    }

    @Test
    void aFloodOfValuesAfterAPrefixBecomesVarAndWhatWasCountedBeforeIsFolded() throws Exception {
        BatchStore store = new BatchStore(db.dataSource(), new RouteGuard.Limits(THRESHOLD, 20_000));
        List<byte[]> batch = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            batch.add(derived("/customers/" + word(i) + "/cart"));
            batch.add(derived("/customers/" + word(i) + "/cart"));
            batch.add(derived("/api/v1/products"));
            // a producer's routes and a rule's are what they are: never collapsed
            batch.add(event(hour, "/given/" + word(i), Routed.byProducer("/given/" + word(i)), "p1"));
            batch.add(event(hour, "/internal/" + word(i), new Routed("/internal/" + word(i), RouteSource.RULE), "p1"));
            if (batch.size() >= 50) {
                write(store, batch);
                batch.clear();
            }
        }
        write(store, batch);

        assertThat(db.queryLong("SELECT count(*) FROM route_collapses WHERE parent = '/customers' AND folded_at IS NOT NULL")).isOne();
        assertThat(db.queryLong("SELECT count(*) FROM route_collapses WHERE parent IN ('/given', '/internal', '')"))
                .as("producer and rule routes are not counted").isZero();
        assertThat(db.queryLong("SELECT requests FROM path_stats_hourly WHERE route = '/customers/{var}/cart'")).isEqualTo(120);
        assertThat(db.queryLong("SELECT count(*) FROM path_stats_hourly WHERE route LIKE '/customers/%' AND route <> '/customers/{var}/cart'"))
                .as("every raw value folded").isZero();
        assertThat(db.queryLong("SELECT count(*) FROM traffic_events WHERE route = '/customers/{var}/cart' AND path LIKE '/customers/n%/cart'"))
                .as("detail rows keep their raw path beside the collapsed route").isEqualTo(120);
        assertThat(db.queryLong("SELECT count(*) FROM path_stats_hourly WHERE route LIKE '/given/n%'")).isEqualTo(60);
        assertThat(db.queryLong("SELECT count(*) FROM path_stats_hourly WHERE route LIKE '/internal/n%'")).isEqualTo(60);
        assertThat(db.queryLong("SELECT sum(requests) FROM path_stats_hourly")).isEqualTo(300);
        assertThat(AggregateCheck.differences(db)).isZero();

        // after the decision, a new value goes straight to {var}, also through a new writer (another instance or a restart)
        BatchStore other = new BatchStore(db.dataSource(), new RouteGuard.Limits(THRESHOLD, 20_000));
        write(other, List.of(derived("/customers/zed/cart"), derived("/customers/yan/cart/items")));
        assertThat(db.queryLong("SELECT requests FROM path_stats_hourly WHERE route = '/customers/{var}/cart'")).isEqualTo(121);
        assertThat(db.queryLong("SELECT requests FROM path_stats_hourly WHERE route = '/customers/{var}/cart/items'")).isOne();
        assertThat(AggregateCheck.differences(db)).isZero();
    }

    @Test
    void hoursWithoutDetailRowsAreFoldedFromTheirAggregatesAndADecisionLeftUnfoldedIsFoldedByTheNextWriter() throws Exception {
        BatchStore store = new BatchStore(db.dataSource(), new RouteGuard.Limits(THRESHOLD, 20_000));
        // ten days ago: no day partition, as if archived and dropped (the rows land in the default partition)
        Instant old = hour.minus(10, ChronoUnit.DAYS);
        List<byte[]> batch = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            batch.add(event(old, "/t/" + word(i), new Routed("/t/" + word(i), RouteSource.CLASSES), "p1"));
            batch.add(event(old, "/t/" + word(i), new Routed("/t/" + word(i), RouteSource.CLASSES), "p2"));
        }
        write(store, batch);
        long latencySum = db.queryLong("SELECT sum(latency_sum_us) FROM path_stats_hourly");
        // a decision a writer made and committed, then died before folding
        db.execute("INSERT INTO route_collapses (parent, distinct_values, hour_bucket) VALUES ('/t', 21, now())");

        write(new BatchStore(db.dataSource(), new RouteGuard.Limits(THRESHOLD, 20_000)), List.of(derived("/t/fresh")));

        assertThat(db.queryLong("SELECT count(*) FROM route_collapses WHERE folded_at IS NULL")).isZero();
        assertThat(db.queryLong("SELECT count(*) FROM path_stats_hourly WHERE route = '/t/{var}'")).as("one row per proxy and hour").isEqualTo(3);
        assertThat(db.queryLong("SELECT sum(requests) FROM path_stats_hourly WHERE route = '/t/{var}' AND hour_bucket < now() - interval '1 day'"))
                .isEqualTo(20);
        assertThat(db.queryLong("SELECT sum(latency_sum_us) FROM path_stats_hourly") - db.queryLong(
                "SELECT latency_sum_us FROM path_stats_hourly WHERE hour_bucket > now() - interval '1 day'")).isEqualTo(latencySum);
        assertThat(db.queryLong("SELECT count(*) FROM path_stats_hourly WHERE route LIKE '/t/%' AND route <> '/t/{var}'")).isZero();
    }

    @Test
    void routesBeyondAProxysCapAreCountedInOneOverflowRow() throws Exception {
        BatchStore store = new BatchStore(db.dataSource(), new RouteGuard.Limits(1_000, 10));
        List<byte[]> first = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            first.add(derived("/r" + i));
            first.add(event(hour, "/q" + i, new Routed("/q" + i, RouteSource.CLASSES), "p2"));
        }
        write(store, first);
        List<byte[]> second = new ArrayList<>();
        for (int i = 0; i < 15; i++) {
            second.add(derived("/r" + i));
            second.add(derived("/r" + i));
        }
        BatchResult r = write(store, second);

        assertThat(r.overflowed()).as("7 new routes, room for 2: 5 routes of 2 events overflow").isEqualTo(10);
        assertThat(db.queryLong("SELECT count(*) FROM path_stats_hourly WHERE proxy_id = 'p1' AND route <> '/{overflow}'")).isEqualTo(10);
        assertThat(db.queryLong("SELECT requests FROM path_stats_hourly WHERE proxy_id = 'p1' AND route = '/{overflow}'")).isEqualTo(10);
        assertThat(db.queryLong("SELECT count(*) FROM path_stats_hourly WHERE proxy_id = 'p2'")).as("another proxy has its own cap").isEqualTo(8);
        assertThat(db.queryLong("SELECT sum(requests) FROM path_stats_hourly")).isEqualTo(46);
        assertThat(db.queryLong("SELECT count(*) FROM traffic_events WHERE route = '/{overflow}' AND path LIKE '/r%'")).isEqualTo(10);
        assertThat(AggregateCheck.differences(db)).isZero();
    }
}
