package io.pathstats.query.api;

import io.pathstats.common.stats.PathStat;
import io.pathstats.common.stats.StatsWindow;
import java.util.List;

/** The JSON body of {@code GET /paths} (README, "HTTP"). */
public record PathsResponse(boolean success, List<PathItem> data, Pagination pagination, Metadata metadata, String timestamp) {

    /** What identifies the data of this answer for its ETag: everything but the time it was given and the data's age then. */
    public Object identity() {
        return new PathsResponse(success, data, pagination, metadata == null ? null : metadata.withAgeSeconds(0), null);
    }

    /**
     * One route's statistics; {@code path} repeats the route for dashboards written before routes
     * (the row was then a raw path). Latencies in milliseconds, null without latencies; percentiles
     * within 1% ({@code latencyCoarse}: partly from the fixed buckets before sketches, coarser).
     */
    public record PathItem(String route, String path, String proxyId, long requestCount, long errorCount, long clientErrorCount,
                           double errorRate, Double avgLatencyMs, Double p50LatencyMs, Double p90LatencyMs, Double p95LatencyMs,
                           Double p99LatencyMs, Double maxLatencyMs, boolean latencyCoarse, String lastAccessed) {
        /** A legacy service's answer names only the path: it is the route. */
        public PathItem {
            route = route == null ? path : route;
            path = path == null ? route : path;
        }

        public static PathItem of(PathStat s) {
            PathStat.Latencies l = s.latencies();
            return new PathItem(s.route(), s.route(), s.proxyId(), s.requestCount(), s.errorCount(), s.clientErrorCount(),
                    round(s.errorRate(), 4), round(s.avgLatencyMs(), 3), round(l.p50Ms(), 3), round(l.p90Ms(), 3), round(l.p95Ms(), 3),
                    round(l.p99Ms(), 3), round(l.maxMs(), 3), l.coarse(), s.lastAccessed().toString());
        }

        private static Double round(Double v, int digits) {
            if (v == null) {
                return null;
            }
            double f = Math.pow(10, digits);
            return Math.round(v * f) / f;
        }
    }

    public record Pagination(int page, int limit, long total, long totalPages, boolean hasNext, boolean hasPrev) {
        public static Pagination of(int page, int limit, long total) {
            long pages = (total + limit - 1) / limit;
            return new Pagination(page, limit, total, pages, page < pages, page > 1);
        }
    }

    /**
     * @param dataSource snapshot, database or legacy
     * @param route      new or legacy
     * @param version    snapshot version; null when the answer did not come from a snapshot
     * @param ageSeconds age of the snapshot or list; 0 for live SQL
     * @param overflowRequests requests of the window counted under {@code /{overflow}} (the proxies beyond their cap of
     *                         routes), of the asked proxy or all; null when a legacy service answered
     * @param window     the window the statistics cover; null when a legacy service answered
     * @param sort       the order of the rows, e.g. "requests desc"; null when a legacy service answered
     */
    public record Metadata(String dataSource, String route, Long version, String timestamp, long ageSeconds, Long overflowRequests,
                           WindowBody window, String sort) {
        public Metadata withAgeSeconds(long age) {
            return new Metadata(dataSource, route, version, timestamp, age, overflowRequests, window, sort);
        }

        public Metadata withOverflowRequests(long requests) {
            return new Metadata(dataSource, route, version, timestamp, ageSeconds, requests, window, sort);
        }
    }

    /** @param name 1h, 6h, 24h, 7d, 30d or range; from and to the whole hours covered, to exclusive */
    public record WindowBody(String name, String from, String to) {
        public static WindowBody of(String name, StatsWindow hours) {
            return new WindowBody(name, hours.start().toString(), hours.end().toString());
        }
    }
}
