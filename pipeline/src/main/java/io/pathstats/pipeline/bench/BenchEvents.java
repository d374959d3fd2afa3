package io.pathstats.pipeline.bench;

import io.pathstats.common.event.TrafficEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * Benchmark input: {@code total} events as a busy gateway would publish them over a stretch of
 * time, mostly time-ordered, Zipf-distributed over {@code paths} paths, with a fraction of
 * redeliveries (half of the same recent event, half of an old one).
 */
public record BenchEvents(List<TrafficEvent> published, int distinct) {

    /** @param start the events occur from here over {@code span} (plus up to a minute of jitter) */
    public static BenchEvents generate(int total, double duplicateFraction, int paths, long seed, Instant start, Duration span) {
        Random random = new Random(seed);
        double[] cumulative = zipf(paths, 1.1);
        List<TrafficEvent> published = new ArrayList<>(total);
        List<TrafficEvent> originals = new ArrayList<>((int) (total * (1 - duplicateFraction)) + 16);
        long spanMs = span.toMillis();
        for (int i = 0; i < total; i++) {
            if (!originals.isEmpty() && random.nextDouble() < duplicateFraction) {
                int index = random.nextBoolean()
                        ? Math.max(0, originals.size() - 1 - random.nextInt(Math.min(100, originals.size())))
                        : random.nextInt(originals.size());
                published.add(originals.get(index));
                continue;
            }
            long offset = (long) ((double) i / total * spanMs) + random.nextInt(60_000);
            int pathIndex = pick(cumulative, random.nextDouble());
            int roll = random.nextInt(1000);
            int status = roll < 15 ? 503 : roll < 55 ? 404 : 200;
            int latency = (int) Math.min(60_000, Math.round(25 * Math.exp(random.nextGaussian() * 0.9)));
            TrafficEvent e = new TrafficEvent(UUID.randomUUID().toString(), start.plusMillis(offset),
                    "/api/r" + (pathIndex % 40) + "/item/" + pathIndex, "GET", status, latency, "edge-" + (pathIndex % 3));
            originals.add(e);
            published.add(e);
        }
        return new BenchEvents(published, originals.size());
    }

    public List<TrafficEvent> distinctEvents() {
        var seen = new java.util.HashSet<String>(distinct * 2);
        List<TrafficEvent> out = new ArrayList<>(distinct);
        for (TrafficEvent e : published) {
            if (seen.add(e.eventId())) {
                out.add(e);
            }
        }
        return out;
    }

    private static double[] zipf(int n, double exponent) {
        double[] c = new double[n];
        double sum = 0;
        for (int k = 1; k <= n; k++) {
            sum += 1.0 / Math.pow(k, exponent);
            c[k - 1] = sum;
        }
        for (int i = 0; i < n; i++) {
            c[i] /= sum;
        }
        return c;
    }

    private static int pick(double[] cumulative, double u) {
        int i = java.util.Arrays.binarySearch(cumulative, u);
        return Math.min(cumulative.length - 1, i >= 0 ? i : -i - 1);
    }
}
