package io.pathstats.query.paths;

import io.pathstats.common.route.GuardRoutes;
import io.pathstats.common.stats.PathStat;
import io.pathstats.common.stats.Snapshot;
import java.util.HashMap;
import java.util.Map;

/**
 * The requests of a snapshot counted under the overflow route, in all and per proxy: summed once
 * per snapshot (a scan of its entries), not per request.
 */
record OverflowTotals(Snapshot snapshot, long total, Map<String, Long> byProxy) {
    static OverflowTotals of(Snapshot s) {
        Map<String, Long> byProxy = new HashMap<>();
        long total = 0;
        for (PathStat stat : s.entries()) {
            if (stat.route().equals(GuardRoutes.OVERFLOW)) {
                byProxy.merge(stat.proxyId(), stat.requestCount(), Long::sum);
                total += stat.requestCount();
            }
        }
        return new OverflowTotals(s, total, Map.copyOf(byProxy));
    }

    /** @param proxyId null for every proxy */
    long requests(String proxyId) {
        return proxyId == null ? total : byProxy.getOrDefault(proxyId, 0L);
    }
}
