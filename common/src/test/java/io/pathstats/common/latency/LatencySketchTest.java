package io.pathstats.common.latency;

import static org.assertj.core.api.Assertions.assertThat;

import com.datadoghq.sketch.ddsketch.mapping.LogarithmicMapping;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.assertj.core.data.Percentage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class LatencySketchTest {
    private static final double[] QUANTILES = {0.50, 0.90, 0.95, 0.99};
    /** The guarantee, and a hair for the floating point of ln and exp. */
    private static final double BOUND = LatencySketch.RELATIVE_ACCURACY + 1e-9;

    /** Latency shapes in µs; {@code hour} varies the shape through a day, as real traffic does. */
    static Stream<Arguments> shapes() {
        return Stream.of(
                Arguments.of("lognormal around 300 ms", (BiFunction<Random, Integer, Long>) (r, hour) ->
                        Math.round(300_000 * (1 + 0.3 * Math.sin(hour)) * Math.exp(r.nextGaussian() * 0.9))),
                Arguments.of("bimodal: cache hits at 2 ms, misses at 400 ms", (BiFunction<Random, Integer, Long>) (r, hour) ->
                        r.nextDouble() < 0.9 ? Math.round(2_000 * Math.exp(r.nextGaussian() * 0.2))
                                : Math.round(400_000 * Math.exp(r.nextGaussian() * 0.3))),
                Arguments.of("uniform 1 µs .. 1 s", (BiFunction<Random, Integer, Long>) (r, hour) -> 1 + (long) (r.nextDouble() * 1_000_000)),
                Arguments.of("Pareto (alpha 1.2) from 5 ms, capped at an hour", (BiFunction<Random, Integer, Long>) (r, hour) ->
                        Math.min(3_600_000_000L, Math.round(5_000 / Math.pow(1 - r.nextDouble(), 1 / 1.2)))),
                Arguments.of("sub-millisecond with zeros", (BiFunction<Random, Integer, Long>) (r, hour) ->
                        r.nextDouble() < 0.05 ? 0 : Math.round(350 * Math.exp(r.nextGaussian() * 0.5))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shapes")
    void quantilesOfAnHourAreWithinOnePercent(String shape, BiFunction<Random, Integer, Long> latency) {
        assertWithinGuarantee(hours(latency, 1, 20_000));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shapes")
    void quantilesMergedOverADayAndAWeekOfStoredHoursAreWithinOnePercent(String shape, BiFunction<Random, Integer, Long> latency) {
        assertWithinGuarantee(hours(latency, 24, 2_000));
        assertWithinGuarantee(hours(latency, 7 * 24, 500));
    }

    /** Linear interpolation inside a bucket suits uniform latencies; every other shape shows the buckets' error. */
    static Stream<Arguments> skewedShapes() {
        return shapes().filter(a -> !((String) a.get()[0]).startsWith("uniform"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("skewedShapes")
    void theFixedBucketsBeforeSketchesMissedByFarMoreThanOnePercent(String shape, BiFunction<Random, Integer, Long> latency) {
        long[] all = hours(latency, 1, 20_000).stream().flatMapToLong(Arrays::stream).sorted().toArray();
        double worst = 0;
        for (double q : QUANTILES) {
            worst = Math.max(worst, relativeError(FixedBuckets.quantileUs(all, q), exact(all, q)));
        }
        assertThat(worst).as("worst relative error of the 15 fixed buckets").isGreaterThan(5 * LatencySketch.RELATIVE_ACCURACY);
    }

    @Test
    void binsAreDdSketchIndicesPlusOneFromOneMicrosecondToAnHour() {
        LogarithmicMapping mapping = new LogarithmicMapping(LatencySketch.RELATIVE_ACCURACY);
        Random r = new Random(7);
        for (int i = 0; i < 200_000; i++) {
            long us = i < 100_000 ? i + 1 : 1 + (long) Math.exp(r.nextDouble() * Math.log(3_600_000_000.0));
            assertThat(LatencySketch.bin(us)).as("bin of %d µs", us).isEqualTo(mapping.index(us) + 1);
        }
        assertThat(LatencySketch.bin(0)).isZero();
        assertThat(LatencySketch.bin(3_600_000_000L)).isEqualTo(1101);
    }

    @Test
    void quantilesAreCappedAtTheExactMaximumAndEmptyIsNull() {
        LatencySketch s = new LatencySketch();
        assertThat(s.quantileMs(0.5, null)).isNull();
        // a latency at the bottom of its bin: the bin's representative lies above it
        long us = (long) Math.ceil(Math.exp(700 / LatencySketch.MULTIPLIER));
        s.addLatency(us);
        assertThat(s.quantileMs(0.99, null) * 1000).isGreaterThan(us).isCloseTo(us, Percentage.withPercentage(1));
        assertThat(s.quantileMs(0.99, us)).isEqualTo(us / 1000.0);
    }

    /** Every hour's latencies; each hour also stored as SQL stores it (sorted packed bins) and merged from there. */
    private static List<long[]> hours(BiFunction<Random, Integer, Long> latency, int hours, int perHour) {
        Random r = new Random(42 + hours);
        List<long[]> out = new ArrayList<>();
        for (int h = 0; h < hours; h++) {
            long[] values = new long[perHour];
            for (int i = 0; i < perHour; i++) {
                values[i] = latency.apply(r, h);
            }
            out.add(values);
        }
        return out;
    }

    private static void assertWithinGuarantee(List<long[]> hours) {
        LatencySketch merged = new LatencySketch();
        for (long[] hour : hours) {
            for (long packed : stored(hour)) {
                merged.addPacked(packed);
            }
        }
        long[] all = hours.stream().flatMapToLong(Arrays::stream).sorted().toArray();
        assertThat(merged.count()).isEqualTo(all.length);
        for (double q : QUANTILES) {
            double exact = exact(all, q);
            double estimate = merged.quantileMs(q, all[all.length - 1]) * 1000;
            if (exact == 0) {
                assertThat(estimate).as("p%s of %d latencies", q * 100, all.length).isZero();
            } else {
                assertThat(relativeError(estimate, exact)).as("p%s of %d latencies: %s µs vs exact %s µs", q * 100, all.length,
                        estimate, exact).isLessThanOrEqualTo(BOUND);
            }
        }
    }

    /** The hour's sketch as the writers' SQL leaves it in path_stats_hourly.latency_sketch. */
    private static long[] stored(long[] hour) {
        Map<Integer, Long> bins = new TreeMap<>();
        for (long v : hour) {
            bins.merge(LatencySketch.bin(v), 1L, Long::sum);
        }
        return bins.entrySet().stream().mapToLong(e -> LatencySketch.pack(e.getKey(), e.getValue())).toArray();
    }

    /** The value of rank floor(q * (n - 1)), the quantile the sketch estimates. */
    private static double exact(long[] sorted, double q) {
        return sorted[(int) Math.floor(q * (sorted.length - 1))];
    }

    private static double relativeError(double estimate, double exact) {
        return Math.abs(estimate - exact) / exact;
    }

    /** The 15 buckets pathstats had before sketches (bounds in ms), interpolated linearly inside a bucket. */
    private static final class FixedBuckets {
        private static final long[] UPPER_MS = {1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 30000};

        static double quantileUs(long[] sortedUs, double q) {
            long[] counts = new long[UPPER_MS.length + 1];
            for (long us : sortedUs) {
                int b = 0;
                while (b < UPPER_MS.length && us / 1000 >= UPPER_MS[b]) {
                    b++;
                }
                counts[b]++;
            }
            double rank = q * sortedUs.length;
            long seen = 0;
            for (int b = 0; b < counts.length; b++) {
                if (counts[b] > 0 && seen + counts[b] >= rank) {
                    double lower = b == 0 ? 0 : UPPER_MS[b - 1];
                    double upper = b < UPPER_MS.length ? UPPER_MS[b] : lower;
                    return 1000 * (lower + (upper - lower) * ((rank - seen) / counts[b]));
                }
                seen += counts[b];
            }
            return 1000.0 * UPPER_MS[UPPER_MS.length - 1];
        }
    }
}
