package io.pathstats.testing;

import io.pathstats.common.latency.LatencySketch;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** A latency_sketch value as SQL text, for tests that seed aggregate rows by hand. */
public final class SketchLiteral {
    private SketchLiteral() {
    }

    /** @param latencyUsAndCount pairs: a latency in microseconds, how many requests had it */
    public static String of(long... latencyUsAndCount) {
        Map<Integer, Long> bins = new TreeMap<>();
        for (int i = 0; i < latencyUsAndCount.length; i += 2) {
            bins.merge(LatencySketch.bin(latencyUsAndCount[i]), latencyUsAndCount[i + 1], Long::sum);
        }
        return bins.entrySet().stream().map(e -> Long.toString(LatencySketch.pack(e.getKey(), e.getValue())))
                .collect(Collectors.joining(",", "'{", "}'::bigint[]"));
    }
}
