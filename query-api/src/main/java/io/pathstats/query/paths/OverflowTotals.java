package io.pathstats.query.paths;

import io.pathstats.common.route.GuardRoutes;
import io.pathstats.common.stats.PathStat;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The requests of a list of routes (a snapshot's, a window's) counted under the overflow route, in
 * all and per proxy: summed once per list (a scan of its entries), not per request.
 */
record OverflowTotals(long total, Map<String, Long> byProxy) {
    static OverflowTotals of(List<PathStat> entries) {
        Map<String, Long> byProxy = new HashMap<>();
        long total = 0;
        for (PathStat stat : entries) {
            if (stat.route().equals(GuardRoutes.OVERFLOW)) {
                byProxy.merge(stat.proxyId(), stat.requestCount(), Long::sum);
                total += stat.requestCount();
            }
        }
        return new OverflowTotals(total, Map.copyOf(byProxy));
    }

    /** @param proxyId null for every proxy */
    long requests(String proxyId) {
        return proxyId == null ? total : byProxy.getOrDefault(proxyId, 0L);
    }
}
