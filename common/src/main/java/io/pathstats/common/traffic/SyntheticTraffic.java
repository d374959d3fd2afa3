package io.pathstats.common.traffic;

import io.pathstats.common.event.TrafficEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * Realistic synthetic traffic, the one generator behind the demo, {@code loadgen}, the benchmarks
 * and the tests: Zipf-distributed paths (a few hot endpoints, a long tail), a few proxies, ~1.5%
 * 5xx and ~4% 4xx, and log-normal latencies with a heavier tail on errors. Seeded: the same seed
 * gives the same events (ids included).
 */
public final class SyntheticTraffic {
    private static final String[] RESOURCES = {"users", "orders", "products", "carts", "sessions", "payments", "search",
            "inventory", "reviews", "shipments", "invoices", "accounts", "notifications", "reports", "tags", "files"};
    private static final String[] ACTIONS = {"", "/{id}", "/{id}/items", "/{id}/history", "/export", "/stats"};
    private static final String[] METHODS = {"GET", "GET", "GET", "GET", "POST", "PUT", "DELETE"};

    /**
     * @param paths        distinct paths
     * @param zipfExponent skew of their popularity (1.0-1.2 looks like real traffic)
     * @param proxies      proxy ids, picked uniformly (repeat one to weight it)
     */
    public record Shape(int paths, double zipfExponent, List<String> proxies) {
        /** What the demo and {@code loadgen} publish. */
        public static Shape demo() {
            return new Shape(500, 1.1, List.of("edge-eu", "edge-eu", "edge-us", "edge-us", "edge-us", "edge-ap"));
        }

        /** A busy gateway's mix, as the ingest benchmark publishes it. */
        public static Shape gateway(int paths) {
            return new Shape(paths, 1.1, List.of("edge-0", "edge-1", "edge-2"));
        }
    }

    private final Random random;
    private final List<String> paths;
    private final List<String> proxies;
    private final double[] cumulative;

    public SyntheticTraffic(long seed, Shape shape) {
        this.random = new Random(seed);
        this.paths = buildPaths(shape.paths());
        this.proxies = List.copyOf(shape.proxies());
        this.cumulative = zipf(shape.paths(), shape.zipfExponent());
    }

    public static SyntheticTraffic demo(long seed) {
        return new SyntheticTraffic(seed, Shape.demo());
    }

    public TrafficEvent next(Instant occurredAt) {
        String path = paths.get(zipfIndex());
        double roll = random.nextDouble();
        int status = roll < 0.015 ? pick(500, 502, 503, 504) : roll < 0.055 ? pick(400, 401, 403, 404, 404, 429) : pick(200, 200, 200, 201, 204, 304);
        double median = status >= 500 ? 250 : 25;
        int latency = (int) Math.min(120_000, Math.round(median * Math.exp(random.nextGaussian() * 0.9)));
        return new TrafficEvent(new UUID(random.nextLong(), random.nextLong()).toString(), occurredAt, path,
                METHODS[random.nextInt(METHODS.length)], status, latency, proxies.get(random.nextInt(proxies.size())));
    }

    /** A number in [0, bound) from this generator's stream, for callers that shape traffic further (redeliveries, jitter). */
    public int nextInt(int bound) {
        return random.nextInt(bound);
    }

    public double nextDouble() {
        return random.nextDouble();
    }

    private int zipfIndex() {
        int i = Arrays.binarySearch(cumulative, random.nextDouble());
        return Math.min(cumulative.length - 1, i >= 0 ? i : -i - 1);
    }

    private int pick(int... values) {
        return values[random.nextInt(values.length)];
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

    /** REST-like paths, distinct: /api/v1/users, /api/v1/orders/7919/items, ..., /api/v2/users, ... */
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
