package io.pathstats.common.stats;

import java.util.Comparator;
import java.util.Locale;
import java.util.function.Function;

/**
 * How a list of routes is sorted: by one statistic, descending or ascending, routes without that
 * statistic (no latencies) last either way, ties by route and proxy so that pages are stable.
 */
public record PathOrder(Sort sort, boolean ascending) {
    public static final PathOrder BY_REQUESTS = new PathOrder(Sort.REQUESTS, false);

    public enum Sort {
        REQUESTS("requests", s -> (double) s.requestCount()),
        ERRORS("errors", s -> (double) s.errorCount()),
        ERROR_RATE("errorRate", PathStat::errorRate),
        CLIENT_ERRORS("clientErrors", s -> (double) s.clientErrorCount()),
        AVG_LATENCY("avgLatency", PathStat::avgLatencyMs),
        P95("p95", s -> s.latencies().p95Ms()),
        P99("p99", s -> s.latencies().p99Ms()),
        LAST_ACCESSED("lastAccessed", s -> (double) s.lastAccessed().toEpochMilli());

        private final String parameter;
        private final Function<PathStat, Double> value;

        Sort(String parameter, Function<PathStat, Double> value) {
            this.parameter = parameter;
            this.value = value;
        }

        /** The name the API takes: requests, errorRate, p95, ... */
        public String parameter() {
            return parameter;
        }

        /** The sort named {@code parameter}, null when none is. */
        public static Sort byParameter(String parameter) {
            for (Sort s : values()) {
                if (s.parameter.toLowerCase(Locale.ROOT).equals(parameter.toLowerCase(Locale.ROOT))) {
                    return s;
                }
            }
            return null;
        }
    }

    public Comparator<PathStat> comparator() {
        Comparator<Double> direction = ascending ? Comparator.naturalOrder() : Comparator.reverseOrder();
        return Comparator.comparing(sort.value, Comparator.nullsLast(direction))
                .thenComparing(PathStat::route)
                .thenComparing(PathStat::proxyId);
    }
}
