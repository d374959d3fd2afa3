package io.pathstats.query.api;

import java.util.List;

/**
 * The body of {@code GET /paths/timeseries}: one route's hours, oldest first, every hour of the
 * range present (an hour without traffic has zero counts and null latencies), so a chart needs no
 * filling.
 *
 * @param proxyId null when summed over all proxies
 * @param from    the first hour
 * @param to      the end of the last hour (exclusive)
 */
public record TimeseriesResponse(boolean success, String route, String proxyId, String from, String to, List<Point> data) {

    /** Latencies in milliseconds, null when no event of the hour carried one. */
    public record Point(String hour, long requests, long errors, long clientErrors, Double avgLatencyMs, Double p50LatencyMs,
                        Double p90LatencyMs, Double p95LatencyMs, Double p99LatencyMs, Double maxLatencyMs, boolean latencyCoarse) {
    }
}
