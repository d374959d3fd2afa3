package io.pathstats.query.api;

import java.util.List;

/**
 * The body of {@code GET /paths/timeseries}: one route's hours, oldest first.
 *
 * @param proxyId null when summed over all proxies
 */
public record TimeseriesResponse(boolean success, String route, String proxyId, String from, String to, List<Point> data) {

    /** @param p95LatencyMs null when no event of the hour carried a latency */
    public record Point(String hour, long requests, long errors, Double p95LatencyMs) {
    }
}
