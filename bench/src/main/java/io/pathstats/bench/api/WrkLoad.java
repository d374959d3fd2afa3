package io.pathstats.bench.api;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * A closed-loop HTTP load from wrk, a second process: N connections, each sending its next request
 * when the last answered, for a fixed time. The load generator runs outside the benchmark's JVM so
 * that the figures are the server's and not the cost of a Java client sharing its cores.
 */
public final class WrkLoad {
    static final String INSTALL_HINT = "bench api uses wrk as its load generator; install it (Debian/Ubuntu: apt-get install wrk, "
            + "macOS: brew install wrk) and run again";

    private final Path script;
    private final int threads;

    private WrkLoad(Path script, int threads) {
        this.script = script;
        this.threads = threads;
    }

    public record Result(long requests, long errors, double rps, double p50Ms, double p99Ms) {
        public String json() {
            return "{" + jsonFields() + "}";
        }

        /** The members of {@link #json()}, for an object that adds its own. */
        public String jsonFields() {
            return String.format(Locale.ROOT, "\"rps\":%.0f,\"p50Ms\":%.2f,\"p99Ms\":%.2f,\"requests\":%d,\"errors\":%d",
                    rps, p50Ms, p99Ms, requests, errors);
        }

        static Result parse(String wrkOutput) {
            for (String line : wrkOutput.split("\n")) {
                if (line.startsWith("WRK_RESULT ")) {
                    String[] f = line.trim().split(" ");
                    long requests = Long.parseLong(f[1]);
                    double seconds = Long.parseLong(f[2]) / 1e6;
                    return new Result(requests, Long.parseLong(f[3]), requests / seconds, Long.parseLong(f[4]) / 1e3,
                            Long.parseLong(f[5]) / 1e3);
                }
            }
            throw new IllegalStateException("wrk printed no summary:\n" + wrkOutput);
        }
    }

    /** Checks that wrk can run and unpacks the load script; fails with an installation hint otherwise. */
    public static WrkLoad prepare(int threads) throws IOException, InterruptedException {
        try {
            Process p = new ProcessBuilder("wrk", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            p.waitFor(10, TimeUnit.SECONDS);
        } catch (IOException e) {
            throw new IllegalStateException(INSTALL_HINT, e);
        }
        Path script = Files.createTempFile("pathstats-wrk-", ".lua");
        script.toFile().deleteOnExit();
        try (InputStream in = WrkLoad.class.getResourceAsStream("/bench/wrk-load.lua")) {
            Files.write(script, in.readAllBytes());
        }
        return new WrkLoad(script, threads);
    }

    /**
     * @param base         e.g. {@code http://127.0.0.1:8080}
     * @param pathTemplate request path; every {@code {page}} becomes a random page 1..pages
     * @param rate         requests per second over all connections; 0: as fast as the server answers
     */
    Result run(String base, String pathTemplate, int pages, int connections, double rate, Duration duration)
            throws IOException, InterruptedException {
        ProcessBuilder builder = wrk(base, connections, duration, Duration.ofSeconds(5));
        builder.environment().put("WRK_PATH_TEMPLATE", pathTemplate);
        builder.environment().put("WRK_PAGES", Integer.toString(pages));
        builder.environment().put("WRK_THREAD_RATE", Double.toString(rate / threads));
        return finish(builder, duration);
    }

    /** As fast as the server answers: POSTs of the bodies of {@code bodies} (separated by an empty line) in turn. */
    public Result post(String base, String path, Path bodies, int connections, Duration duration) throws IOException, InterruptedException {
        ProcessBuilder builder = wrk(base, connections, duration, Duration.ofSeconds(10));
        builder.environment().put("WRK_PATH_TEMPLATE", path);
        builder.environment().put("WRK_BODY_FILE", bodies.toString());
        return finish(builder, duration);
    }

    private ProcessBuilder wrk(String base, int connections, Duration duration, Duration timeout) {
        return new ProcessBuilder(List.of("wrk", "-t" + threads, "-c" + connections, "-d" + duration.toSeconds() + "s",
                "--timeout", timeout.toSeconds() + "s", "-s", script.toString(), base)).redirectErrorStream(true);
    }

    private static Result finish(ProcessBuilder builder, Duration duration) throws IOException, InterruptedException {
        Process wrk = builder.start();
        String output = new String(wrk.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!wrk.waitFor(duration.toSeconds() + 30, TimeUnit.SECONDS) || wrk.exitValue() != 0) {
            wrk.destroyForcibly();
            throw new IllegalStateException("wrk failed:\n" + output);
        }
        return Result.parse(output);
    }
}
