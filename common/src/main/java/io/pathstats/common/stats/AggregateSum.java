package io.pathstats.common.stats;

import io.pathstats.common.latency.LatencySketch;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

/**
 * Aggregate rows (hourly or daily) of one route summed: counters added, maxima and last access
 * kept, sketches merged. Reads rows that select {@link #COLUMNS}.
 */
public final class AggregateSum {
    /** The columns {@link #add} reads, in its order. */
    public static final String COLUMNS = "requests, errors, client_errors, latency_count, latency_sum_us, latency_max_us, last_seen, "
            + "latency_coarse, array_send(latency_sketch)";
    /** The length of an empty array in array_send's format: the header alone. */
    private static final int EMPTY_ARRAY_BYTES = 12;

    private long requests;
    private long errors;
    private long clientErrors;
    private long latencyCount;
    private long latencySumUs;
    private Long maxUs;
    private Instant lastSeen;
    private boolean coarse;
    private LatencySketch sketch;

    /** Adds the row at {@code rs}, whose {@link #COLUMNS} start at column {@code first}. */
    public void add(ResultSet rs, int first) throws SQLException {
        requests += rs.getLong(first);
        errors += rs.getLong(first + 1);
        clientErrors += rs.getLong(first + 2);
        latencyCount += rs.getLong(first + 3);
        latencySumUs += rs.getLong(first + 4);
        long max = rs.getLong(first + 5);
        if (!rs.wasNull()) {
            maxUs = maxUs == null ? max : Math.max(maxUs, max);
        }
        Instant seen = rs.getTimestamp(first + 6).toInstant();
        lastSeen = lastSeen == null || seen.isAfter(lastSeen) ? seen : lastSeen;
        coarse |= rs.getBoolean(first + 7);
        byte[] bins = rs.getBytes(first + 8);
        if (bins.length > EMPTY_ARRAY_BYTES) {
            if (sketch == null) {
                sketch = new LatencySketch();
            }
            sketch.addArraySend(bins);
        }
    }

    /** The sum as one route's statistics; {@code lastAccessed} when no row was added. */
    public PathStat toStat(String route, String proxyId, Instant lastAccessed) {
        return new PathStat(route, proxyId, requests, errors, clientErrors, latencyCount == 0 ? null : latencySumUs / 1000.0 / latencyCount,
                PathStat.Latencies.of(sketch, maxUs, coarse && latencyCount > 0), lastSeen == null ? lastAccessed : lastSeen);
    }
}
