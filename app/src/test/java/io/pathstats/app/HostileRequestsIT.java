package io.pathstats.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.pathstats.archiver.ArchiverConfig;
import io.pathstats.archiver.ArchiverService;
import io.pathstats.common.config.Env;
import io.pathstats.common.config.HttpSettings;
import io.pathstats.common.ops.AdminAuth;
import io.pathstats.common.ops.HealthRegistry;
import io.pathstats.common.ops.HttpServer;
import io.pathstats.query.QueryApiConfig;
import io.pathstats.query.QueryApiService;
import io.pathstats.testing.SharedInfrastructure;
import io.pathstats.testing.TestDatabase;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Every route with hostile parameters, bodies and framing: no answer is a 5xx, and every error is
 * the one JSON envelope ({@code success:false, error.code, error.message}), whether a route, Javalin
 * or Jetty itself answered. A burst afterwards leaves the server's threads within its bounded pool.
 */
class HostileRequestsIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "hostile-token";
    private static final List<String> HOSTILE = List.of("%00", "a%00b", "%01", "%0A", "%7F", "%C0%AF", "%ED%A0%80", "%ZZ", "-1", "0",
            "99999999999999999999", "1e9", "%2B999999999-01-01T00:00:00Z", "-5000-01-01T00:00:00Z", "2026-13-45T00:00:00Z",
            "x".repeat(5000), "%F0%9F%98%80", "../../etc/passwd", "%27%3B%20DROP%20TABLE%20path_stats_hourly%3B--");
    /** Each GET route and the query parameters it takes (plus one it does not). */
    private static final Map<String, List<String>> ROUTES = Map.ofEntries(
            Map.entry("/paths", List.of("q", "proxyId", "page", "limit", "sort")),
            Map.entry("/paths/timeseries", List.of("route", "path", "proxyId", "from", "to", "window")),
            Map.entry("/paths/examples", List.of("route", "proxyId", "hours", "limit", "x")),
            Map.entry("/routes/rules", List.of("x")),
            Map.entry("/paths/compare", List.of("top", "q")),
            Map.entry("/paths/migration-config", List.of("x")),
            Map.entry("/paths/migration-status", List.of("x")),
            Map.entry("/admin/jobs", List.of("x")),
            Map.entry("/admin/jobs/runs", List.of("job", "limit", "x")),
            Map.entry("/admin/storage", List.of("x")),
            Map.entry("/health", List.of("x")));

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<String> failures = new ArrayList<>();
    private int requests;

    @Test
    void hostileInputIsAnsweredWith4xxInTheJsonEnvelopeNeverA5xx() throws Exception {
        try (TestDatabase db = TestDatabase.migrated()) {
            PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            HealthRegistry health = new HealthRegistry();
            ArchiverConfig archiverConfig = ArchiverConfig.fromEnv(new Env(Map.of())).withS3(SharedInfrastructure.newBucket());
            try (QueryApiService api = QueryApiService.start(QueryApiConfig.of(Duration.ofMinutes(10), Duration.ofMillis(500)),
                    db.dataSource(), registry, new AdminAuth(TOKEN), Clock.systemUTC());
                 ArchiverService archiver = ArchiverService.start(archiverConfig, db.dataSource(), registry, health, new AdminAuth(TOKEN),
                         Clock.systemUTC());
                 HttpServer server = HttpServer.start(new HttpSettings("127.0.0.1", 0, TOKEN), health, registry,
                         List.of(api.routes(), archiver.routes()))) {
                String base = "http://127.0.0.1:" + server.port();
                for (Map.Entry<String, List<String>> route : ROUTES.entrySet()) {
                    for (String parameter : route.getValue()) {
                        for (String value : HOSTILE) {
                            check("GET", base + route.getKey() + "?" + parameter + "=" + value, null, Map.of());
                        }
                    }
                }
                for (String value : HOSTILE) {
                    check("POST", base + "/admin/jobs/" + value + "/run", "", Map.of());
                    check("GET", base + "/paths/" + value, null, Map.of());
                }
                check("POST", base + "/paths", "{}", Map.of());
                check("DELETE", base + "/health", null, Map.of());
                check("GET", base + "/nowhere", null, Map.of());
                check("GET", base + "/paths?q=" + "y".repeat(20_000), null, Map.of()); // 414
                check("GET", base + "/paths", null, Map.of("X-Big", "z".repeat(20_000))); // 431
                for (String body : List.of("{", "[]", "null", "\"x\"", "{\"phase\":\"\\u0000\"}", "{\"forceNewApiIps\":[\"\\u0000\"]}",
                        "{\"newApiPercentage\":1e400}", "{\"newApiPercentage\":-1}", "[".repeat(5000), "{\"x\":1}",
                        "{\"phase\":\"" + "p".repeat(70_000) + "\"}")) {
                    check("PUT", base + "/paths/migration-config", body, Map.of());
                    check("PUT", base + "/routes/rules", body, Map.of());
                }
                check("PUT", base + "/paths/migration-config", "{\"phase\":\"SHADOW\"}", Map.of("Authorization", "Bearer wrong"));
                check("GET", base + "/admin/jobs", null, Map.of("Authorization", "Basic abc"));
                rawRequest(server.port(), "GET /pa\u0001ths HTTP/1.1\r\nHost: x\r\n\r\n");
                rawRequest(server.port(), "GET /paths HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n");

                assertThat(failures).as("of %d requests, answers that were a 5xx or not the JSON error envelope", requests).isEmpty();
                assertThat(status("POST", base + "/paths")).as("a known path with another method").isEqualTo(405);
                assertThat(status("GET", base + "/nowhere")).isEqualTo(404);
                assertThat(requests).as("every route, parameter and value was tried").isGreaterThan(400);

                burst(base, 20_000, 32);
                long httpThreads = Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("http-")).count();
                assertThat(httpThreads).as("the server's pool is bounded").isLessThanOrEqualTo(64);
            }
        }
    }

    private void check(String method, String url, String body, Map<String, String> headers) throws Exception {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException clientRefuses) {
            // e.g. a malformed percent escape: sent as raw bytes instead
            URI base = URI.create(url.substring(0, url.indexOf('/', "http://".length())));
            String target = url.substring(url.indexOf('/', "http://".length()));
            String auth = url.contains("/admin/") ? "Authorization: Bearer " + TOKEN + "\r\n" : "";
            rawRequest(base.getPort(), method + " " + target + " HTTP/1.1\r\nHost: x\r\n" + auth
                    + "Content-Length: 0\r\n\r\n");
            return;
        }
        requests++;
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        boolean admin = url.contains("/admin/") || url.contains("/routes/") || "PUT".equals(method);
        if (admin && !headers.containsKey("Authorization")) {
            b.header("Authorization", "Bearer " + TOKEN);
        }
        headers.forEach(b::header);
        HttpRequest request = b.build();
        HttpResponse<String> r;
        try {
            r = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException closedUnderUs) {
            // Jetty closes the connection after answering a malformed request; a POST the client sent on that
            // pooled connection before it saw the close gets no answer and is not retried by the client: once more
            try {
                r = http.send(request, HttpResponse.BodyHandlers.ofString());
            } catch (java.io.IOException e) {
                failures.add(method + " " + abbreviate(url) + " -> no answer: " + e.getMessage());
                return;
            }
        }
        judge(method + " " + abbreviate(url), r.statusCode(), r.body());
    }

    private void judge(String what, int status, String body) {
        if (status >= 500) {
            failures.add(what + " -> " + status + " " + abbreviate(body));
            return;
        }
        if (status >= 400) {
            try {
                JsonNode error = JSON.readTree(body);
                if (error.get("success").asBoolean(true) || error.path("error").path("code").asText().isEmpty()
                        || error.path("error").path("message").asText().isEmpty()) {
                    failures.add(what + " -> " + status + " without the envelope: " + abbreviate(body));
                }
            } catch (Exception notJson) {
                failures.add(what + " -> " + status + " not JSON: " + abbreviate(body));
            }
        }
    }

    private int status(String method, String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).method(method, HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** Bytes the HTTP client refuses to send (control characters in the request line, a header without a colon). */
    private void rawRequest(int port, String request) throws Exception {
        requests++;
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(request.replace("\r\n\r\n", "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = s.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            int status = Integer.parseInt(response.substring(9, 12));
            int bodyStart = response.indexOf("\r\n\r\n");
            judge("raw " + abbreviate(request), status, bodyStart < 0 ? "" : response.substring(bodyStart + 4));
        }
    }

    private void burst(String base, int count, int concurrency) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        try {
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                String url = base + (i % 2 == 0 ? "/paths?limit=5" : "/paths?q=%00");
                answers.add(pool.submit(() -> http.send(HttpRequest.newBuilder(URI.create(url)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode()));
            }
            for (Future<Integer> a : answers) {
                assertThat(a.get()).isLessThan(500);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 160 ? s.substring(0, 160) + "..." : s;
    }
}
