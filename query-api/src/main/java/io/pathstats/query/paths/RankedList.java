package io.pathstats.query.paths;

import io.pathstats.common.stats.PathOrder;
import io.pathstats.common.stats.PathStat;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every route of one window as computed at one moment (a snapshot, or a list from SQL), with its
 * orderings: each sorted once, on first demand, and shared by every request after (20,000 routes
 * sort in milliseconds, which per request at 200 requests/s would be a core's work).
 */
final class RankedList {
    private final Instant computedAt;
    private final List<PathStat> entries;
    private final Map<PathOrder, List<PathStat>> sorted = new ConcurrentHashMap<>();
    private volatile OverflowTotals overflow;

    /** @param byRequests the entries, already in {@link PathOrder#BY_REQUESTS} order */
    RankedList(Instant computedAt, List<PathStat> byRequests) {
        this.computedAt = computedAt;
        this.entries = byRequests;
        sorted.put(PathOrder.BY_REQUESTS, byRequests);
    }

    static RankedList sorting(Instant computedAt, List<PathStat> unsorted) {
        List<PathStat> byRequests = new ArrayList<>(unsorted);
        byRequests.sort(PathOrder.BY_REQUESTS.comparator());
        return new RankedList(computedAt, List.copyOf(byRequests));
    }

    Instant computedAt() {
        return computedAt;
    }

    List<PathStat> sorted(PathOrder order) {
        return sorted.computeIfAbsent(order, o -> {
            List<PathStat> copy = new ArrayList<>(entries);
            copy.sort(o.comparator());
            return List.copyOf(copy);
        });
    }

    OverflowTotals overflow() {
        OverflowTotals o = overflow;
        if (o == null) {
            o = OverflowTotals.of(entries);
            overflow = o;
        }
        return o;
    }
}
