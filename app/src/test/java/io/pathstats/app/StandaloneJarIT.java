package io.pathstats.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pathstats.client.TrafficEvent;
import io.pathstats.embedded.FreePorts;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar as a user runs it: {@code pathstats standalone --demo} in a child JVM on real
 * embedded infrastructure; demo traffic must reach GET /paths, the banner's publish line pasted
 * into bash must be counted, a restart on the same data directory must keep the counts and export
 * the same metric series (no per-start ids in labels), and SIGTERM must stop everything cleanly.
 */
class StandaloneJarIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void demoTrafficShowsUpInPathsAndSurvivesARestart(@TempDir(cleanup = CleanupMode.ON_SUCCESS) Path dataDir) throws Exception {
        int httpPort = FreePorts.pick();
        String base = "http://127.0.0.1:" + httpPort;

        String kafka = "127.0.0.1:" + FreePorts.pickAdjacentPair();
        Path firstLog = Path.of("target", "standalone-it-1.log");
        Process first = start(dataDir, httpPort, kafka, true, firstLog);
        long total;
        Set<String> firstSeries;
        try {
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).until(() -> totalRequests(base), n -> n > 0);
            pasteThePublishLine(firstLog, kafka);
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                    .until(() -> requestsOf(base, "/api/users/{id}", TrafficEvent.DEFAULT_PROXY_ID), n -> n == 1);
            firstSeries = metricSeries(base);
            total = totalRequests(base);
            everyMetricOfTheOpsKitIsExported(base);
        } finally {
            stop(first);
        }
        assertThat(first.exitValue()).as("clean exit on SIGTERM").isIn(0, 143);

        Process second = start(dataDir, httpPort, kafka, true, Path.of("target", "standalone-it-2.log"));
        try {
            long afterRestart = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                    .until(() -> totalRequests(base), n -> n >= total);
            assertThat(afterRestart).isGreaterThanOrEqualTo(total);
            Set<String> secondSeries = metricSeries(base);
            assertThat(secondSeries).as("pathstats and Kafka client series of the second start").isEqualTo(firstSeries);
        } finally {
            stop(second);
        }
        assertThat(firstSeries).anyMatch(m -> m.startsWith("pathstats_consumer_lag_events{"))
                .anyMatch(m -> m.startsWith("pathstats_consumer_oldest_unconsumed_age_seconds{"))
                .anyMatch(m -> m.startsWith("pathstats_dependency_up{dependency=\"postgres\""))
                .anyMatch(m -> m.startsWith("pathstats_build_info{"))
                .anyMatch(m -> m.startsWith("pathstats_archiver_job_last_success_timestamp_seconds{job=\"archive\""))
                .anyMatch(m -> m.startsWith("kafka_consumer_fetch_manager_records_consumed_total{"))
                .noneMatch(m -> UUID_LIKE.matcher(m).find());
        assertThat(firstSeries.stream().filter(m -> m.startsWith("kafka_")).count()).as("Kafka client series by default").isLessThan(150);
    }

    private static final Pattern UUID_LIKE = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private static final Pattern METRIC_NAME = Pattern.compile("\\b(?:pathstats|kafka)_[a-z0-9_]+\\b");

    /** The Grafana dashboard and the alert rules name only metrics a running standalone exports. */
    private void everyMetricOfTheOpsKitIsExported(String base) throws Exception {
        Set<String> exported = new TreeSet<>();
        HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        for (String line : metrics.body().lines().toList()) {
            // a sample's name, or the family a "# TYPE" line names (a histogram by its own name, without _bucket)
            exported.add(line.startsWith("# TYPE ") ? line.split(" ")[2] : line.split("[{ ]", 2)[0]);
        }
        Path ops = Path.of("..", "ops");
        for (Path file : List.of(ops.resolve("grafana/dashboards/pathstats.json"), ops.resolve("prometheus/alerts.yml"))) {
            Set<String> named = new TreeSet<>();
            Matcher m = METRIC_NAME.matcher(Files.readString(file));
            while (m.find()) {
                named.add(m.group());
            }
            assertThat(named).as("metrics named in " + file).isNotEmpty();
            assertThat(exported).as("metrics named in " + file + " that the services do not export").containsAll(named);
        }
    }

    /** The banner's publish line, pasted into bash in the repository, as a newcomer would. */
    private static void pasteThePublishLine(Path log, String kafka) throws Exception {
        List<String> lines = Files.readAllLines(log);
        int at = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains("publish one event (paste into bash):")) {
                at = i + 1;
            }
        }
        assertThat(at).as("the banner shows a publish line").isPositive();
        String line = lines.get(at).trim();
        assertThat(line).endsWith("| ./pathstats produce");
        // ./pathstats is the repository's launcher of this very jar
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String command = line.replace("./pathstats produce", java + " -jar " + Path.of("target", "pathstats.jar").toAbsolutePath() + " produce");
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", command).redirectErrorStream(true);
        pb.environment().put("PATHSTATS_KAFKA_BOOTSTRAP", kafka);
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(output).isZero();
        assertThat(output).contains("1 line(s) valid, 0 invalid; published 1 event(s)");
    }

    /**
     * The series (name and labels) of pathstats' own and the Kafka clients' metrics; not the JVM's,
     * whose garbage-collection causes differ by run, nor the request timers, whose series are made by
     * the requests served (which read path answered, with which status).
     */
    private Set<String> metricSeries(String base) throws Exception {
        // every writer and stream thread has fetched once the lag gauges have a value
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> scrape(base).stream()
                .filter(l -> l.startsWith("kafka_consumer_fetch_manager_records_consumed_total{")).count() >= 10);
        Set<String> series = new TreeSet<>();
        for (String line : scrape(base)) {
            if ((line.startsWith("pathstats_") || line.startsWith("kafka_")) && !line.startsWith("pathstats_http_server_requests")
                    && !line.startsWith("pathstats_api_request_seconds")) {
                series.add(line.substring(0, line.lastIndexOf(' ')));
            }
        }
        return series;
    }

    private List<String> scrape(String base) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
        return r.body().lines().filter(l -> !l.startsWith("#")).toList();
    }

    private Process start(Path dataDir, int httpPort, String kafka, boolean demo, Path log) throws Exception {
        Path jar = Path.of("target", "pathstats.jar").toAbsolutePath();
        assertThat(jar).exists();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = demo
                ? new ProcessBuilder(java, "-Xmx512m", "-jar", jar.toString(), "standalone", "--demo", "--demo-rate", "100")
                : new ProcessBuilder(java, "-Xmx512m", "-jar", jar.toString(), "standalone");
        pb.environment().put("PATHSTATS_DATA_DIR", dataDir.toString());
        pb.environment().put("PATHSTATS_HTTP_PORT", Integer.toString(httpPort));
        // standalone binds the broker to this port and its controller to the next one
        pb.environment().put("PATHSTATS_KAFKA_BOOTSTRAP", kafka);
        pb.environment().put("PATHSTATS_S3_ENDPOINT", "http://127.0.0.1:" + FreePorts.pick());
        pb.environment().put("PATHSTATS_SNAPSHOT_INTERVAL", "1s");
        pb.redirectErrorStream(true);
        pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
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

    private long requestsOf(String base, String route, String proxyId) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/paths?window=1h&proxyId=" + proxyId + "&q="
                    + URLEncoder.encode(route, StandardCharsets.UTF_8))).build(), HttpResponse.BodyHandlers.ofString());
            long sum = 0;
            for (JsonNode item : JSON.readTree(r.body()).get("data")) {
                if (item.get("route").asText().equals(route)) {
                    sum += item.get("requestCount").asLong();
                }
            }
            return sum;
        } catch (Exception notYet) {
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
