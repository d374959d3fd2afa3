package io.pathstats.bench;

import java.lang.management.ManagementFactory;

/**
 * How long a JVM's JIT compilers have worked, in seconds (HotSpot sums the time of every
 * compilation). The benchmark watches it to tell a pipeline still compiling its hot code from one
 * in its steady state.
 */
public final class CompilationTime {
    static final String METRIC = "jvm_compilation_time_ms_total";

    private CompilationTime() {
    }

    /** This JVM: the benchmark's, which also runs the broker. */
    public static double ofThisJvm() {
        return ManagementFactory.getCompilationMXBean().getTotalCompilationTime() / 1000.0;
    }

    /** From a Prometheus scrape of a pathstats service's /metrics. */
    public static double fromScrape(String scrape) {
        for (String line : scrape.split("\n")) {
            if (line.startsWith(METRIC + "{") || line.startsWith(METRIC + " ")) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)) / 1000.0;
            }
        }
        throw new IllegalStateException("the pipeline's /metrics has no " + METRIC);
    }
}
