package io.pathstats.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.pathstats.archiver.ArchiverConfig;
import io.pathstats.archiver.ArchiverService;
import io.pathstats.common.config.Env;
import io.pathstats.common.config.HttpSettings;
import io.pathstats.common.config.KafkaSettings;
import io.pathstats.common.ops.AdminAuth;
import io.pathstats.common.ops.HealthRegistry;
import io.pathstats.common.ops.HttpServer;
import io.pathstats.ingest.IngestConfig;
import io.pathstats.ingest.IngestService;
import io.pathstats.query.QueryApiConfig;
import io.pathstats.query.QueryApiService;
import io.pathstats.testing.SharedInfrastructure;
import io.pathstats.testing.TestDatabase;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * docs/openapi.json against the running services: every route a server answers is described, every
 * description is a route, and real answers of every route, successes and errors, match the schema
 * the description gives for their status. The description cannot drift from the code unnoticed.
 */
class OpenApiIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "openapi-token";
    private static final String DOC = "https://pathstats.local/openapi.json";
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<String> checked = new ArrayList<>();
    private JsonNode doc;
    private SchemaRegistry schemas;

    /** One request and the documented path template it exercises. */
    private record Call(String method, String template, String path, String body, String token, String contentType) {
        static Call get(String template, String path) {
            return new Call("GET", template, path, null, null, null);
        }

        Call withToken(String t) {
            return new Call(method, template, path, body, t, contentType);
        }
    }

    @Test
    void everyRouteIsDescribedAndItsAnswersMatchTheDescription() throws Exception {
        KafkaSettings kafka = SharedInfrastructure.newTopics(1);
        try (TestDatabase db = TestDatabase.migrated()) {
            db.execute("INSERT INTO path_stats_hourly (route, proxy_id, hour_bucket, requests, errors, client_errors, latency_count, "
                    + "latency_sum_us, latency_max_us, last_seen, latency_sketch) SELECT '/r/' || i, 'p', date_trunc('hour', now()), 100 + i, 1, 2, "
                    + "1, 1500, 1500, now(), ARRAY[(latency_bin(1500) << 40) | 1] FROM generate_series(1, 5) i");
            PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            HealthRegistry health = new HealthRegistry();
            ArchiverConfig archiverConfig = ArchiverConfig.fromEnv(new Env(Map.of())).withS3(SharedInfrastructure.newBucket());
            IngestConfig ingestConfig = IngestConfig.fromEnv(new Env(Map.of())).withKafka(kafka);
            try (QueryApiService api = QueryApiService.start(QueryApiConfig.of(Duration.ofMinutes(10), Duration.ofMillis(500)),
                    db.dataSource(), registry, new AdminAuth(TOKEN), Clock.systemUTC());
                 ArchiverService archiver = ArchiverService.start(archiverConfig, db.dataSource(), registry, health, new AdminAuth(TOKEN),
                         Clock.systemUTC());
                 IngestService ingest = IngestService.start(ingestConfig, registry, health, Clock.systemUTC());
                 HttpServer server = HttpServer.start(new HttpSettings("127.0.0.1", 0, TOKEN), health, registry,
                         List.of(api.routes(), archiver.routes(), ingest.routes()))) {
                String base = "http://127.0.0.1:" + server.port();
                doc = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(base + "/openapi.json")).build(),
                        HttpResponse.BodyHandlers.ofString()).body());
                assertThat(doc.get("openapi").asText()).isEqualTo("3.1.0");
                String text = JSON.writeValueAsString(doc);
                schemas = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12, b -> b.schemas(Map.of(DOC, text)));

                Set<String> described = new TreeSet<>();
                for (Iterator<Map.Entry<String, JsonNode>> p = doc.get("paths").fields(); p.hasNext(); ) {
                    Map.Entry<String, JsonNode> path = p.next();
                    path.getValue().fieldNames().forEachRemaining(m -> described.add(m.toUpperCase() + " " + path.getKey()));
                }
                assertThat(new TreeSet<>(server.routes())).as("routes answered vs routes described").isEqualTo(described);

                String now = Instant.now().toString();
                String event = "{\"eventId\":\"oa-1\",\"occurredAt\":\"" + now + "\",\"path\":\"/o\",\"method\":\"GET\",\"status\":200}";
                List<Call> calls = List.of(
                        Call.get("/paths", "/paths?window=6h&sort=p95&limit=2"),
                        Call.get("/paths", "/paths?window=9d"),
                        Call.get("/paths/timeseries", "/paths/timeseries?route=" + enc("/r/1")),
                        Call.get("/paths/timeseries", "/paths/timeseries"),
                        Call.get("/paths/examples", "/paths/examples?route=" + enc("/r/1")),
                        Call.get("/paths/examples", "/paths/examples?route=x&hours=999"),
                        Call.get("/paths/compare", "/paths/compare?top=10"),
                        Call.get("/paths/compare", "/paths/compare?top=-1"),
                        Call.get("/paths/migration-config", "/paths/migration-config"),
                        new Call("PUT", "/paths/migration-config", "/paths/migration-config", "{\"phase\":\"SHADOW\"}", TOKEN, null),
                        new Call("PUT", "/paths/migration-config", "/paths/migration-config", "{\"newApiPercentage\":101}", TOKEN, null),
                        new Call("PUT", "/paths/migration-config", "/paths/migration-config", "{\"phase\":\"SHADOW\"}", null, null),
                        new Call("PUT", "/paths/migration-config", "/paths/migration-config", "{\"phase\":\"SHADOW\"}", "wrong", null),
                        Call.get("/paths/migration-status", "/paths/migration-status"),
                        Call.get("/routes/rules", "/routes/rules").withToken(TOKEN),
                        Call.get("/routes/rules", "/routes/rules"),
                        new Call("PUT", "/routes/rules", "/routes/rules", "{\"rules\":[{\"pattern\":\"/o/{id}\"}]}", TOKEN, null),
                        new Call("PUT", "/routes/rules", "/routes/rules", "{\"rules\":[{\"pattern\":\"o\"}]}", TOKEN, null),
                        Call.get("/admin/jobs", "/admin/jobs").withToken(TOKEN),
                        Call.get("/admin/jobs", "/admin/jobs"),
                        Call.get("/admin/jobs/runs", "/admin/jobs/runs?limit=5").withToken(TOKEN),
                        Call.get("/admin/jobs/runs", "/admin/jobs/runs?limit=0").withToken(TOKEN),
                        new Call("POST", "/admin/jobs/{job}/run", "/admin/jobs/monitor/run", "", TOKEN, null),
                        new Call("POST", "/admin/jobs/{job}/run", "/admin/jobs/nope/run", "", TOKEN, null),
                        Call.get("/admin/storage", "/admin/storage").withToken(TOKEN),
                        new Call("POST", "/events", "/events", event + "\nnot json\n", null, "application/x-ndjson"),
                        new Call("POST", "/events", "/events", "", null, "application/x-ndjson"),
                        new Call("POST", "/v1/traces", "/v1/traces", "{\"resourceSpans\":[]}", null, "application/json"),
                        new Call("POST", "/v1/traces", "/v1/traces", "{}", null, "text/plain"),
                        Call.get("/health", "/health"),
                        Call.get("/metrics", "/metrics"),
                        Call.get("/openapi.json", "/openapi.json"),
                        Call.get("/", "/"),
                        Call.get("/dashboard/{file}", "/dashboard/app.js"),
                        Call.get("/dashboard/{file}", "/dashboard/nothing.js"),
                        Call.get("/dashboard/vendor/{file}", "/dashboard/vendor/uPlot.iife.min.js"));
                Set<String> exercised = new TreeSet<>();
                for (Call call : calls) {
                    check(base, call);
                    exercised.add(call.method() + " " + call.template());
                }
                assertThat(exercised).as("every described route was called").isEqualTo(described);
                assertThat(checked).as("answers checked against a schema").hasSizeGreaterThan(25);
            }
        }
    }

    private void check(String base, Call call) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + call.path()));
        if (call.token() != null) {
            b.header("Authorization", "Bearer " + call.token());
        }
        b.header("Content-Type", call.contentType() != null ? call.contentType() : "application/json");
        b.method(call.method(), call.body() == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(call.body()));
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        String status = Integer.toString(r.statusCode());
        JsonNode response = doc.at("/paths/" + pointer(call.template()) + "/" + call.method().toLowerCase() + "/responses/" + status);
        assertThat(response.isMissingNode()).as(call.method() + " " + call.path() + " answered " + status + ", which is not described: "
                + r.body()).isFalse();
        String type = r.headers().firstValue("Content-Type").orElse("");
        if (!type.startsWith("application/json")) {
            assertThat(response.path("content").fieldNames().hasNext()).as("a described body for " + call.path()).isTrue();
            return;
        }
        JsonNode media = response.at("/content/application~1json/schema");
        assertThat(media.isMissingNode()).as(call.path() + " " + status + " has a JSON schema").isFalse();
        String ref = media.has("$ref") ? media.get("$ref").asText() : null;
        Schema schema = ref != null ? schemas.getSchema(SchemaLocation.of(DOC + ref))
                : schemas.getSchema(SchemaLocation.of(DOC + "#/paths/" + pointer(call.template()) + "/" + call.method().toLowerCase()
                        + "/responses/" + status + "/content/application~1json/schema"));
        var errors = schema.validate(r.body(), InputFormat.JSON);
        assertThat(errors).as(call.method() + " " + call.path() + " -> " + status + ": " + r.body()).isEmpty();
        checked.add(call.method() + " " + call.path() + " " + status);
    }

    private static String pointer(String template) {
        return template.replace("~", "~0").replace("/", "~1");
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
