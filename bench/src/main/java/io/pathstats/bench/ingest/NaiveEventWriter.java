package io.pathstats.bench.ingest;

import io.pathstats.client.TrafficEvent;
import io.pathstats.common.latency.LatencySketch;
import io.pathstats.pipeline.hourly.AggregateUpsert;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;

/**
 * The reference design the ingest benchmark compares with: per event, an idempotent insert of the
 * detail row and, if it was new, an upsert of its hourly aggregate, each in its own transaction
 * when the connection autocommits. It fills the same tables and columns as the pipeline's batch
 * writer, so the two differ only in doing the work one event at a time.
 */
final class NaiveEventWriter implements AutoCloseable {
    private final PreparedStatement insert;
    private final PreparedStatement upsert;

    NaiveEventWriter(Connection c) throws SQLException {
        insert = c.prepareStatement("INSERT INTO traffic_events (occurred_at, event_id, path, proxy_id, method, status, latency_us) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING");
        // the sketch of one latency: its bin with a count of 1, binned by the same SQL function as the batch writer's
        upsert = c.prepareStatement("INSERT INTO path_stats_hourly AS t (" + AggregateUpsert.COLUMNS
                + ") VALUES (?, ?, date_trunc('hour', ?::timestamptz), 1, ?, ?, ?, ?, ?, ?, "
                + "array_remove(ARRAY[(" + LatencySketch.binSql("?::bigint") + " << " + LatencySketch.COUNT_BITS + ") | 1], NULL), false) "
                + AggregateUpsert.ON_CONFLICT);
    }

    /** @return whether the event was new (and so counted) */
    boolean write(TrafficEvent e) throws SQLException {
        Timestamp at = Timestamp.from(e.occurredAt());
        Long latency = e.latencyUs();
        insert.setTimestamp(1, at);
        insert.setString(2, e.eventId());
        insert.setString(3, e.path());
        insert.setString(4, e.proxyId());
        insert.setString(5, e.method());
        insert.setShort(6, (short) e.status());
        insert.setObject(7, latency, Types.BIGINT);
        if (insert.executeUpdate() == 0) {
            return false;
        }
        // one event's contribution, in AggregateUpsert.COLUMNS order (requests is the literal 1)
        upsert.setString(1, e.routeOrPath());
        upsert.setString(2, e.proxyId());
        upsert.setTimestamp(3, at);
        upsert.setLong(4, e.isServerError() ? 1 : 0);
        upsert.setLong(5, e.isClientError() ? 1 : 0);
        upsert.setLong(6, latency == null ? 0 : 1);
        upsert.setLong(7, latency == null ? 0 : latency);
        upsert.setObject(8, latency, Types.BIGINT);
        upsert.setTimestamp(9, at);
        upsert.setObject(10, latency, Types.BIGINT);
        upsert.executeUpdate();
        return true;
    }

    @Override
    public void close() throws SQLException {
        try (insert; upsert) {
            // closes both statements, even if the first close fails
        }
    }
}
