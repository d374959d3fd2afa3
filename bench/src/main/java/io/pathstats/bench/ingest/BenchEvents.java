package io.pathstats.bench.ingest;

import io.pathstats.client.TrafficEvent;
import io.pathstats.common.traffic.SyntheticTraffic;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Benchmark input: {@code total} events as a busy gateway would publish them over a stretch of
 * time ({@link SyntheticTraffic.Shape#gateway}), mostly time-ordered, with a fraction of
 * redeliveries (half of the same recent event, half of an old one).
 */
public record BenchEvents(List<TrafficEvent> published, int distinct) {

    /** @param start the events occur from here over {@code span} (plus up to a minute of jitter) */
    public static BenchEvents generate(int total, double duplicateFraction, int paths, long seed, Instant start, Duration span) {
        return generate(total, duplicateFraction, paths, false, seed, start, span);
    }

    /** @param idsInPaths raw URLs with ids, which the pipeline templates into routes (else one fixed path per route) */
    public static BenchEvents generate(int total, double duplicateFraction, int paths, boolean idsInPaths, long seed, Instant start,
                                       Duration span) {
        SyntheticTraffic traffic = new SyntheticTraffic(seed, SyntheticTraffic.Shape.gateway(paths).withIdsInPaths(idsInPaths));
        List<TrafficEvent> published = new ArrayList<>(total);
        List<TrafficEvent> originals = new ArrayList<>((int) (total * (1 - duplicateFraction)) + 16);
        long spanMs = span.toMillis();
        for (int i = 0; i < total; i++) {
            if (!originals.isEmpty() && traffic.nextDouble() < duplicateFraction) {
                int index = traffic.nextInt(2) == 0
                        ? Math.max(0, originals.size() - 1 - traffic.nextInt(Math.min(100, originals.size())))
                        : traffic.nextInt(originals.size());
                published.add(originals.get(index));
                continue;
            }
            long offset = (long) ((double) i / total * spanMs) + traffic.nextInt(60_000);
            TrafficEvent e = traffic.next(start.plusMillis(offset));
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
}
