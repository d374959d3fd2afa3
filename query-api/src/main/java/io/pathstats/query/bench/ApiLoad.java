package io.pathstats.query.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;

/** A closed-loop HTTP load: N connections, each sending its next request when the last answered, for a fixed time. */
public final class ApiLoad {
    private ApiLoad() {
    }

    public record Result(long requests, long errors, double rps, double p50Ms, double p99Ms) {
        public String json() {
            return String.format(Locale.ROOT, "{\"rps\":%.0f,\"p50Ms\":%.2f,\"p99Ms\":%.2f,\"requests\":%d,\"errors\":%d}",
                    rps, p50Ms, p99Ms, requests, errors);
        }
    }

    /** @param urls picks the URL of each request (e.g. a random page) */
    public static Result run(int connections, Duration duration, Function<ThreadLocalRandom, String> urls) throws InterruptedException {
        long end = System.nanoTime() + duration.toNanos();
        List<long[]> perThread = new ArrayList<>();
        long[] errors = new long[connections];
        int[] counts = new int[connections];
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < connections; t++) {
            long[] latencies = new long[400_000]; // per connection; a 20 s run stays far below
            perThread.add(latencies);
            int index = t;
            Thread thread = new Thread(() -> {
                HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                ThreadLocalRandom random = ThreadLocalRandom.current();
                while (System.nanoTime() < end && counts[index] < latencies.length) {
                    long start = System.nanoTime();
                    try {
                        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(urls.apply(random))).build(),
                                HttpResponse.BodyHandlers.ofByteArray());
                        if (r.statusCode() != 200) {
                            errors[index]++;
                        }
                    } catch (Exception e) {
                        errors[index]++;
                    }
                    latencies[counts[index]++] = System.nanoTime() - start;
                }
            }, "api-load-" + t);
            threads.add(thread);
        }
        long started = System.nanoTime();
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            t.join();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        int total = Arrays.stream(counts).sum();
        long[] all = new long[total];
        int at = 0;
        for (int t = 0; t < connections; t++) {
            System.arraycopy(perThread.get(t), 0, all, at, counts[t]);
            at += counts[t];
        }
        Arrays.sort(all);
        return new Result(total, Arrays.stream(errors).sum(), total / seconds, percentile(all, 0.50), percentile(all, 0.99));
    }

    private static double percentile(long[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)] / 1e6;
    }
}
