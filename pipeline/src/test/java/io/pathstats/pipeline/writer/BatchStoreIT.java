package io.pathstats.pipeline.writer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pathstats.client.TrafficEvent;
import io.pathstats.common.latency.LatencySketch;
import io.pathstats.testing.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The dedup authority on a real PostgreSQL: only newly inserted rows reach the aggregates. */
class BatchStoreIT {
    private final TestDatabase db = TestDatabase.migrated();
    private final BatchStore writer = new BatchStore(db.dataSource());
    private final Instant hour = Instant.now().truncatedTo(ChronoUnit.HOURS);

    @AfterEach
    void tearDown() {
        db.close();
    }

    private TrafficEvent event(String id, String path, int status, Integer latency) {
        return new TrafficEvent(id, hour.plusSeconds(id.hashCode() & 0x7ff), path, "GET", status, latency, "p1");
    }

    @Test
    void duplicatesInsideOneBatchAndAcrossBatchesAreCountedOnce() throws Exception {
        List<TrafficEvent> first = List.of(event("a", "/x", 200, 10), event("b", "/x", 503, 300), event("a", "/x", 200, 10),
                event("c", "/y\twith\ttabs\\and\nnewline", 404, null));
        BatchResult r1 = writer.write(first);
        assertThat(r1.inserted()).isEqualTo(3);
        assertThat(r1.duplicates()).isEqualTo(1);

        BatchResult r2 = writer.write(List.of(event("a", "/x", 200, 10), event("b", "/x", 503, 300), event("d", "/x", 200, 1)));
        assertThat(r2.inserted()).isEqualTo(1);

        assertThat(db.queryLong("SELECT count(*) FROM traffic_events")).isEqualTo(4);
        assertThat(db.queryLong("SELECT sum(requests) FROM path_stats_hourly")).isEqualTo(4);
        assertThat(db.queryLong("SELECT requests FROM path_stats_hourly WHERE route = '/x'")).isEqualTo(3);
        assertThat(db.queryLong("SELECT errors FROM path_stats_hourly WHERE route = '/x'")).isEqualTo(1);
        assertThat(db.queryLong("SELECT latency_sum_us FROM path_stats_hourly WHERE route = '/x'")).isEqualTo(311_000);
        assertThat(db.queryLong("SELECT latency_max_us FROM path_stats_hourly WHERE route = '/x'")).isEqualTo(300_000);
        // the sketch: one bin per distinct latency, counts summed over both batches, sorted by bin
        assertThat(db.queryString("SELECT array_to_string(ARRAY(SELECT (e >> 40) || ':' || (e & 1099511627775) FROM path_stats_hourly, "
                + "unnest(latency_sketch) e WHERE route = '/x'), ' ')")).isEqualTo(LatencySketch.bin(1_000) + ":1 " + LatencySketch.bin(10_000)
                + ":1 " + LatencySketch.bin(300_000) + ":1");
        assertThat(db.queryLong("SELECT client_errors FROM path_stats_hourly WHERE route = E'/y\\twith\\ttabs\\\\and\\nnewline'"))
                .isEqualTo(1);
        assertThat(db.queryLong("SELECT latency_count FROM path_stats_hourly WHERE route LIKE '/y%'")).isZero();
    }

    @Test
    void replayingABatchChangesNothing() throws Exception {
        List<TrafficEvent> batch = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            batch.add(event("e" + i, "/p" + (i % 37), 200 + (i % 4) * 100, i % 900));
        }
        writer.write(batch);
        long before = db.queryLong("SELECT sum(requests) + sum(latency_sum_us) + sum(errors) FROM path_stats_hourly");
        String sketches = db.queryString("SELECT string_agg(latency_sketch::text, ';' ORDER BY route) FROM path_stats_hourly");
        BatchResult replay = writer.write(batch);
        assertThat(replay.inserted()).isZero();
        assertThat(db.queryLong("SELECT sum(requests) + sum(latency_sum_us) + sum(errors) FROM path_stats_hourly")).isEqualTo(before);
        assertThat(db.queryString("SELECT string_agg(latency_sketch::text, ';' ORDER BY route) FROM path_stats_hourly")).isEqualTo(sketches);
        assertThat(db.queryLong("SELECT sum(requests) FROM path_stats_hourly")).isEqualTo(5000);
    }

    @Test
    void anEventAnotherWriterStoresWhileTheBatchIsUnderWayIsCountedOnce() throws Exception {
        TrafficEvent contested = event("contested", "/x", 200, 5);
        List<TrafficEvent> batch = List.of(event("mine-1", "/x", 200, 5), contested, event("mine-2", "/y", 503, 7));
        try (Connection other = db.dataSource().getConnection()) {
            // another writer has stored and counted the contested event but not committed yet, so the
            // batch's probe cannot see it and its INSERT has to wait for the other transaction
            other.setAutoCommit(false);
            try (Statement st = other.createStatement()) {
                st.executeUpdate("INSERT INTO traffic_events (occurred_at, event_id, path, proxy_id, method, status, latency_us) "
                        + "VALUES ('" + contested.occurredAt() + "', 'contested', '/x', 'p1', 'GET', 200, 5000)");
                st.executeUpdate("INSERT INTO path_stats_hourly (route, proxy_id, hour_bucket, requests, errors, client_errors, "
                        + "latency_count, latency_sum_us, latency_max_us, last_seen) VALUES ('/x', 'p1', '" + hour + "', 1, 0, 0, 1, 5000, 5000, '"
                        + contested.occurredAt() + "')");
            }
            CompletableFuture<BatchResult> written = CompletableFuture.supplyAsync(() -> {
                try {
                    return writer.write(batch);
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            await().atMost(Duration.ofSeconds(20)).until(() -> db.queryLong(
                    "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE 'INSERT INTO traffic_events%'") == 1);
            other.commit();

            BatchResult result = written.get(20, TimeUnit.SECONDS);
            assertThat(result.events()).isEqualTo(3);
            assertThat(result.inserted()).isEqualTo(2);
        }
        assertThat(db.queryLong("SELECT count(*) FROM traffic_events")).isEqualTo(3);
        assertThat(db.queryLong("SELECT sum(requests) FROM path_stats_hourly")).isEqualTo(3);
        assertThat(db.queryLong("SELECT requests FROM path_stats_hourly WHERE route = '/x'")).isEqualTo(2);
        assertThat(db.queryLong("SELECT latency_sum_us FROM path_stats_hourly WHERE route = '/x'")).isEqualTo(10_000);
    }

    @Test
    void anEventForADayWithoutPartitionLandsInTheDefaultPartitionInsteadOfFailingTheBatch() throws Exception {
        TrafficEvent farFuture = new TrafficEvent("z", Instant.parse("2099-01-01T00:00:00Z"), "/late", "GET", 200, 1, "p1");
        BatchResult r = writer.write(List.of(farFuture, event("ok", "/x", 200, 1)));
        assertThat(r.inserted()).isEqualTo(2);
        assertThat(db.queryLong("SELECT count(*) FROM traffic_events_default")).isEqualTo(1);
    }
}
