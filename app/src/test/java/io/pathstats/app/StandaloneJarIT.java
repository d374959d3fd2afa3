package io.pathstats.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pathstats.embedded.FreePorts;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar as a user runs it: {@code pathstats standalone --demo} in a child JVM on real
 * embedded infrastructure; demo traffic must reach GET /paths, a restart on the same data
 * directory must keep it, and SIGTERM must stop everything cleanly.
 */
class StandaloneJarIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void demoTrafficShowsUpInPathsAndSurvivesARestart(@TempDir(cleanup = CleanupMode.ON_SUCCESS) Path dataDir) throws Exception {
        int httpPort = FreePorts.pick();
        String base = "http://127.0.0.1:" + httpPort;

        Process first = start(dataDir, httpPort, true);
        long total;
        try {
            total = await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                    .until(() -> totalRequests(base), n -> n > 0);
        } finally {
            stop(first);
        }
        assertThat(first.exitValue()).as("clean exit on SIGTERM").isIn(0, 143);

        Process second = start(dataDir, httpPort, false);
        try {
            long afterRestart = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                    .until(() -> totalRequests(base), n -> n >= total);
            assertThat(afterRestart).isGreaterThanOrEqualTo(total);
        } finally {
            stop(second);
        }
    }

    private Process start(Path dataDir, int httpPort, boolean demo) throws Exception {
        Path jar = Path.of("target", "pathstats.jar").toAbsolutePath();
        assertThat(jar).exists();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = demo
                ? new ProcessBuilder(java, "-Xmx512m", "-jar", jar.toString(), "standalone", "--demo", "--demo-rate", "100")
                : new ProcessBuilder(java, "-Xmx512m", "-jar", jar.toString(), "standalone");
        pb.environment().put("PATHSTATS_DATA_DIR", dataDir.toString());
        pb.environment().put("PATHSTATS_HTTP_PORT", Integer.toString(httpPort));
        // standalone binds the broker to this port and its controller to the next one
        pb.environment().put("PATHSTATS_KAFKA_BOOTSTRAP", "127.0.0.1:" + FreePorts.pickAdjacentPair());
        pb.environment().put("PATHSTATS_S3_ENDPOINT", "http://127.0.0.1:" + FreePorts.pick());
        pb.environment().put("PATHSTATS_SNAPSHOT_INTERVAL", "1s");
        pb.redirectErrorStream(true);
        pb.redirectOutput(ProcessBuilder.Redirect.appendTo(new File("target/standalone-it.log")));
        return pb.start();
    }

    private long totalRequests(String base) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/paths?limit=200")).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                return -1;
            }
            JsonNode body = JSON.readTree(r.body());
            long sum = 0;
            for (JsonNode item : body.get("data")) {
                sum += item.get("requestCount").asLong();
            }
            return sum;
        } catch (Exception notUpYet) {
            return -1;
        }
    }

    private static void stop(Process p) throws InterruptedException {
        p.destroy(); // SIGTERM: the shutdown hook closes services in order
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("standalone did not stop within 60 s of SIGTERM");
        }
    }
}
