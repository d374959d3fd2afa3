package io.pathstats.query.api;

import io.pathstats.common.stats.PathStat;
import java.util.List;

/** The JSON body of {@code GET /paths} (README, "HTTP"). */
public record PathsResponse(boolean success, List<PathItem> data, Pagination pagination, Metadata metadata, String timestamp) {

    /**
     * One route's statistics; {@code path} repeats the route for dashboards written before routes
     * (the row was then a raw path).
     */
    public record PathItem(String route, String path, String proxyId, long requestCount, long errorCount, double errorRate,
                           Double avgLatencyMs, Double p95LatencyMs, String lastAccessed) {
        /** A legacy service's answer names only the path: it is the route. */
        public PathItem {
            route = route == null ? path : route;
            path = path == null ? route : path;
        }

        public static PathItem of(PathStat s) {
            return new PathItem(s.route(), s.route(), s.proxyId(), s.requestCount(), s.errorCount(), round(s.errorRate(), 4),
                    s.avgLatencyMs() == null ? null : round(s.avgLatencyMs(), 2),
                    s.p95LatencyMs() == null ? null : round(s.p95LatencyMs(), 1), s.lastAccessed().toString());
        }

        private static double round(double v, int digits) {
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
     * @param ageSeconds age of the snapshot; 0 for live SQL
     * @param overflowRequests requests of the window counted under {@code /{overflow}} (the proxies beyond their cap of
     *                         routes), of the asked proxy or all; null when a legacy service answered
     */
    public record Metadata(String dataSource, String route, Long version, String timestamp, long ageSeconds, Long overflowRequests) {
    }
}
