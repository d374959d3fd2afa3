package io.pathstats.common.traffic;

import io.pathstats.client.TrafficEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * Realistic synthetic traffic, the one generator behind the demo, {@code loadgen}, the benchmarks
 * and the tests: Zipf-distributed routes (a few hot endpoints, a long tail), a few proxies, ~1.5%
 * 5xx and ~4% 4xx, and log-normal latencies with a heavier tail on errors. With ids in paths, each
 * request carries its own ids as a gateway sees them (/api/v1/users/48213, /orders/&lt;uuid&gt;); without,
 * every route has one fixed path. Seeded: the same seed gives the same events (ids included).
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
     * @param idsInPaths   fill each request's {id} and {uuid} segments with fresh values (else one fixed path per route)
     */
    public record Shape(int paths, double zipfExponent, List<String> proxies, boolean idsInPaths) {
        /** What the demo and {@code loadgen} publish: raw URLs with ids. */
        public static Shape demo() {
            return new Shape(500, 1.1, List.of("edge-eu", "edge-eu", "edge-us", "edge-us", "edge-us", "edge-ap"), true);
        }

        /** A busy gateway's mix, as the ingest benchmark publishes it: one fixed path per route. */
        public static Shape gateway(int paths) {
            return new Shape(paths, 1.1, List.of("edge-0", "edge-1", "edge-2"), false);
        }

        public Shape withIdsInPaths(boolean ids) {
            return new Shape(paths, zipfExponent, proxies, ids);
        }
    }

    private final Random random;
    private final boolean idsInPaths;
    private final List<String> paths;
    private final List<String> proxies;
    private final double[] cumulative;

    public SyntheticTraffic(long seed, Shape shape) {
        this.random = new Random(seed);
        this.idsInPaths = shape.idsInPaths();
        this.paths = buildPaths(shape.paths(), shape.idsInPaths());
        this.proxies = List.copyOf(shape.proxies());
        this.cumulative = zipf(shape.paths(), shape.zipfExponent());
    }

    public static SyntheticTraffic demo(long seed) {
        return new SyntheticTraffic(seed, Shape.demo());
    }

    public TrafficEvent next(Instant occurredAt) {
        String path = idsInPaths ? withIds(paths.get(zipfIndex())) : paths.get(zipfIndex());
        double roll = random.nextDouble();
        int status = roll < 0.015 ? pick(500, 502, 503, 504) : roll < 0.055 ? pick(400, 401, 403, 404, 404, 429) : pick(200, 200, 200, 201, 204, 304);
        double medianUs = status >= 500 ? 250_000 : 25_000;
        long latencyUs = Math.min(120_000_000L, Math.round(medianUs * Math.exp(random.nextGaussian() * 0.9)));
        return new TrafficEvent(new UUID(random.nextLong(), random.nextLong()).toString(), occurredAt, path,
                METHODS[random.nextInt(METHODS.length)], status, latencyUs, proxies.get(random.nextInt(proxies.size())), null);
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

    /** The route template with its {id} and {uuid} segments filled for this request. */
    private String withIds(String template) {
        if (template.indexOf('{') < 0) {
            return template;
        }
        String path = template;
        while (path.contains("{uuid}")) {
            path = path.replaceFirst("\\{uuid}", new UUID(random.nextLong(), random.nextLong()).toString());
        }
        while (path.contains("{id}")) {
            // ids of a long-lived system: mostly large, a few small
            int id = random.nextInt(10) == 0 ? 1 + random.nextInt(99) : 1_000 + random.nextInt(5_000_000);
            path = path.replaceFirst("\\{id}", Integer.toString(id));
        }
        return path;
    }

    /**
     * REST-like routes, distinct: /api/v1/users, /api/v1/orders/{uuid}/items, ..., /api/v2/users, ...
     * (orders, payments, carts and sessions are named by UUIDs, the rest by integers). Without ids in
     * paths each route has one fixed path, which no built-in class collapses.
     */
    private static List<String> buildPaths(int count, boolean templates) {
        List<String> result = new ArrayList<>(count);
        for (int i = 0; result.size() < count; i++) {
            String resource = RESOURCES[i % RESOURCES.length];
            String action = ACTIONS[(i / RESOURCES.length) % ACTIONS.length];
            int version = i / (RESOURCES.length * ACTIONS.length);
            boolean uuids = resource.equals("orders") || resource.equals("payments") || resource.equals("carts") || resource.equals("sessions");
            String route = "/api/v" + (version + 1) + "/" + resource + (uuids ? action.replace("{id}", "{uuid}") : action);
            // fixed ids that are not id-like (no digits alone, no UUID), so each path is its own route
            String fixed = "n" + (1 + (i * 7919) % 1000);
            result.add(templates ? route : route.replace("{uuid}", fixed).replace("{id}", fixed));
        }
        return result;
    }
}
