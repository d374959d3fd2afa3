package io.pathstats.pipeline.produce;

import io.pathstats.common.event.TrafficEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * Realistic synthetic traffic: Zipf-distributed paths (a few hot endpoints, a long tail), a few
 * proxies, ~1.5% 5xx and ~4% 4xx, and log-normal latencies with a heavier tail on errors.
 */
public final class DemoTraffic {
    private static final String[] RESOURCES = {"users", "orders", "products", "carts", "sessions", "payments", "search",
            "inventory", "reviews", "shipments", "invoices", "accounts", "notifications", "reports", "tags", "files"};
    private static final String[] ACTIONS = {"", "/{id}", "/{id}/items", "/{id}/history", "/export", "/stats"};
    private static final String[] METHODS = {"GET", "GET", "GET", "GET", "POST", "PUT", "DELETE"};
    private static final String[] PROXIES = {"edge-eu", "edge-eu", "edge-us", "edge-us", "edge-us", "edge-ap"};

    private final Random random;
    private final List<String> paths;
    private final double[] cumulative;

    /** @param pathCount distinct paths; @param zipfExponent skew (1.0-1.2 looks like real traffic) */
    public DemoTraffic(long seed, int pathCount, double zipfExponent) {
        this.random = new Random(seed);
        this.paths = buildPaths(pathCount);
        this.cumulative = new double[pathCount];
        double sum = 0;
        for (int rank = 1; rank <= pathCount; rank++) {
            sum += 1.0 / Math.pow(rank, zipfExponent);
            cumulative[rank - 1] = sum;
        }
        for (int i = 0; i < pathCount; i++) {
            cumulative[i] /= sum;
        }
    }

    public static DemoTraffic standard(long seed) {
        return new DemoTraffic(seed, 500, 1.1);
    }

    public TrafficEvent next(Instant occurredAt) {
        String path = paths.get(zipfIndex());
        double roll = random.nextDouble();
        int status = roll < 0.015 ? pick(500, 502, 503, 504) : roll < 0.055 ? pick(400, 401, 403, 404, 404, 429) : pick(200, 200, 200, 201, 204, 304);
        double median = status >= 500 ? 250 : 25;
        int latency = (int) Math.min(120_000, Math.round(median * Math.exp(random.nextGaussian() * 0.9)));
        return new TrafficEvent(UUID.randomUUID().toString(), occurredAt, path, METHODS[random.nextInt(METHODS.length)],
                status, latency, PROXIES[random.nextInt(PROXIES.length)]);
    }

    private int zipfIndex() {
        double u = random.nextDouble();
        int lo = 0;
        int hi = cumulative.length - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (cumulative[mid] < u) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private int pick(int... values) {
        return values[random.nextInt(values.length)];
    }

    private static List<String> buildPaths(int count) {
        List<String> result = new ArrayList<>(count);
        for (int i = 0; result.size() < count; i++) {
            String resource = RESOURCES[i % RESOURCES.length];
            String action = ACTIONS[(i / RESOURCES.length) % ACTIONS.length];
            int version = i / (RESOURCES.length * ACTIONS.length);
            String base = "/api/v" + (version + 1) + "/" + resource + action;
            result.add(base.replace("{id}", Integer.toString(1 + (i * 7919) % 1000)));
        }
        return result;
    }
}
