package io.pathstats.bench.validate;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import io.pathstats.client.EventJson;
import io.pathstats.common.event.EventParser;
import io.pathstats.common.event.ParseOutcome;
import io.pathstats.common.route.RouteTemplater;
import io.pathstats.common.traffic.SyntheticTraffic;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * What validating an event costs on one core: the contract check ({@link EventParser}: JSON,
 * strict UTF-8, text rules, limits) against the baseline of only walking the same JSON's tokens
 * with the same streaming parser, on the same events in the same run; and the route templater alone
 * on raw URLs with ids (demo traffic: REST paths with integers and UUIDs).
 */
public final class ValidationBenchmark {
    private static final JsonFactory JSON = new JsonFactory();
    private final PrintStream out;

    public ValidationBenchmark(PrintStream out) {
        this.out = out;
    }

    public record Result(int events, double validatedPerSec, double tokensOnlyPerSec, double routesPerSec) {
        public String json() {
            return String.format(Locale.ROOT, "{\"benchmark\":\"validate\",\"events\":%d,\"validatedPerSec\":%.0f,\"jsonTokensOnlyPerSec\":%.0f,"
                    + "\"validationNanosPerEvent\":%.0f,\"tokensOnlyNanosPerEvent\":%.0f,\"templatedPathsPerSec\":%.0f}", events, validatedPerSec,
                    tokensOnlyPerSec, 1e9 / validatedPerSec, 1e9 / tokensOnlyPerSec, routesPerSec);
        }
    }

    public Result run(int events, int rounds) throws IOException {
        Instant now = Instant.now();
        SyntheticTraffic traffic = new SyntheticTraffic(1, SyntheticTraffic.Shape.gateway(20_000));
        byte[][] raw = new byte[events][];
        for (int i = 0; i < events; i++) {
            raw[i] = EventJson.toBytes(traffic.next(now.minusSeconds(traffic.nextInt(3_600))));
        }
        EventParser parser = new EventParser(Clock.systemUTC(), Duration.ofDays(3));
        SyntheticTraffic withIds = SyntheticTraffic.demo(2);
        String[] urls = new String[events];
        for (int i = 0; i < events; i++) {
            urls[i] = withIds.next(now).path();
        }
        RouteTemplater templater = RouteTemplater.builtIn();
        double best = 0;
        double bestTokens = 0;
        double bestRoutes = 0;
        for (int round = 1; round <= rounds; round++) {
            long t = System.nanoTime();
            int valid = 0;
            for (byte[] e : raw) {
                if (parser.parse(e) instanceof ParseOutcome.Valid) {
                    valid++;
                }
            }
            double validated = events / ((System.nanoTime() - t) / 1e9);
            t = System.nanoTime();
            long tokens = 0;
            for (byte[] e : raw) {
                try (JsonParser p = JSON.createParser(e)) {
                    while (p.nextToken() != null) {
                        tokens++;
                    }
                }
            }
            double tokensOnly = events / ((System.nanoTime() - t) / 1e9);
            t = System.nanoTime();
            int templated = 0;
            for (String url : urls) {
                templated += templater.route(url).length();
            }
            double routes = events / ((System.nanoTime() - t) / 1e9);
            if (valid != events || tokens == 0 || templated == 0) {
                throw new IllegalStateException("only " + valid + " of " + events + " synthetic events were valid");
            }
            // the best round of each: the JIT has settled, and the other core's noise is least
            best = Math.max(best, validated);
            bestTokens = Math.max(bestTokens, tokensOnly);
            bestRoutes = Math.max(bestRoutes, routes);
            out.printf(Locale.ROOT, "round %d: validated %,.0f events/s, JSON tokens only %,.0f events/s, templated %,.0f paths/s%n",
                    round, validated, tokensOnly, routes);
        }
        return new Result(events, best, bestTokens, bestRoutes);
    }
}
