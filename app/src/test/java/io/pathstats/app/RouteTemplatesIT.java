package io.pathstats.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.pathstats.common.config.Env;
import io.pathstats.common.config.HttpSettings;
import io.pathstats.common.config.KafkaSettings;
import io.pathstats.common.ops.AdminAuth;
import io.pathstats.common.ops.HealthRegistry;
import io.pathstats.common.ops.HttpServer;
import io.pathstats.pipeline.PipelineConfig;
import io.pathstats.pipeline.PipelineService;
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
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Route templates end to end on the real broker and database: events with and without a producer
 * route, raw URLs with ids, duplicates; a rule changed through {@code PUT /routes/rules} while
 * events flow applies to the events validated after it; {@code /paths} lists routes whose requests
 * add up to the distinct events, and {@code /paths/examples} names the raw paths of a route.
 */
class RouteTemplatesIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "routes-token";
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void eventsAreCountedPerRouteAndRuleChangesApplyWhileEventsFlow(@TempDir Path dataDir) throws Exception {
        KafkaSettings kafka = SharedInfrastructure.newTopics(2);
        try (TestDatabase db = TestDatabase.migrated()) {
            PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            HealthRegistry health = new HealthRegistry();
            PipelineConfig config = PipelineConfig.fromEnv(new Env(Map.of()), dataDir).withKafka(kafka).withDb(db.settings())
                    .withApplicationId(SharedInfrastructure.uniqueName("routes"));
            try (PipelineService pipeline = PipelineService.start(config, db.dataSource(), registry, health, Clock.systemUTC());
                 QueryApiService api = QueryApiService.start(QueryApiConfig.of(Duration.ofMinutes(10), Duration.ofMillis(200)),
                         db.dataSource(), registry, new AdminAuth(TOKEN), Clock.systemUTC());
                 HttpServer server = HttpServer.start(new HttpSettings("127.0.0.1", 0, TOKEN), health, registry, List.of(api.routes()));
                 KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                         kafka.bootstrap()), new StringSerializer(), new StringSerializer())) {
                String base = "http://127.0.0.1:" + server.port();
                String firstUser = event("u-0", "/api/v1/users/48000", null);
                send(producer, kafka, firstUser);
                for (int i = 0; i < 50; i++) {
                    if (i > 0) {
                        send(producer, kafka, event("u-" + i, "/api/v1/users/" + (48_000 + i), null));
                    }
                    send(producer, kafka, event("o-" + i, "/orders/6f1c2d3e-4b5a-4c6d-8e7f-" + String.format("%012d", i) + "/items", null));
                    send(producer, kafka, event("g-" + i, "/gw/" + i, "/gw/{slot}"));
                }
                send(producer, kafka, firstUser); // a duplicate: the same event again
                send(producer, kafka, event("c-0", "/customers/alice/cart", null));
                producer.flush();
                await().atMost(Duration.ofSeconds(60)).until(() -> requests(db) == 151);
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(routes(base))
                        .containsEntry("/api/v1/users/{id}", 50L).containsEntry("/orders/{uuid}/items", 50L)
                        .containsEntry("/gw/{slot}", 50L).containsEntry("/customers/alice/cart", 1L));

                JsonNode examples = get(base + "/paths/examples?route=" + URLEncoder.encode("/api/v1/users/{id}", StandardCharsets.UTF_8)
                        + "&limit=5", 200);
                assertThat(examples.get("examples")).hasSize(5);
                assertThat(examples.at("/examples/0/path").asText()).startsWith("/api/v1/users/48");

                assertThat(put(base + "/routes/rules", "{\"rules\":[{\"pattern\":\"/customers/{name}/cart\"}]}", null).statusCode())
                        .isEqualTo(401);
                HttpResponse<String> bad = put(base + "/routes/rules", "{\"rules\":[{\"pattern\":\"/ok/{id}\"},{\"pattern\":\"/a/**/b\"}]}", TOKEN);
                assertThat(bad.statusCode()).isEqualTo(400);
                assertThat(JSON.readTree(bad.body()).at("/error/message").asText()).contains("rule 2").contains("at character 3");
                long versionBefore = get(base + "/routes/rules", 200, TOKEN).get("version").asLong();
                HttpResponse<String> ok = put(base + "/routes/rules", "{\"rules\":[{\"pattern\":\"/customers/{name}/cart\"},"
                        + "{\"pattern\":\"/api/v1/users/{id}\",\"keepRaw\":true}]}", TOKEN);
                assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
                assertThat(JSON.readTree(ok.body()).get("version").asLong()).isGreaterThan(versionBefore);

                // events validated after the change get the new routes: within a few seconds every instance has it
                long changed = System.nanoTime();
                await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250)).until(() -> {
                    String id = "after-" + System.nanoTime();
                    send(producer, kafka, event(id, "/customers/bob/cart", null));
                    producer.flush();
                    return db.queryLong("SELECT count(*) FROM traffic_events WHERE route = '/customers/{name}/cart'") > 0;
                });
                long appliedMs = Duration.ofNanos(System.nanoTime() - changed).toMillis();
                assertThat(db.queryLong("SELECT count(*) FROM traffic_events WHERE route = '/customers/alice/cart'"))
                        .as("what was counted before the change keeps its route until it is re-aggregated").isEqualTo(1);
                send(producer, kafka, event("keep-1", "/api/v1/users/77", null));
                producer.flush();
                await().atMost(Duration.ofSeconds(30)).until(() ->
                        db.queryLong("SELECT count(*) FROM traffic_events WHERE route = '/api/v1/users/77'") == 1);

                long distinct = db.queryLong("SELECT count(*) FROM traffic_events");
                await().atMost(Duration.ofSeconds(30)).until(() -> requests(db) == distinct);
                String aggregates = "SELECT route, proxy_id, hour_bucket, sum(requests) FROM path_stats_hourly GROUP BY 1, 2, 3";
                String details = "SELECT coalesce(route, path), proxy_id, date_trunc('hour', occurred_at), count(*) FROM traffic_events "
                        + "GROUP BY 1, 2, 3";
                assertThat(db.queryLong("SELECT count(*) FROM ((" + aggregates + " EXCEPT " + details + ") UNION ALL (" + details
                        + " EXCEPT " + aggregates + ")) differ")).as("every route's count equals its detail rows'").isZero();
                org.slf4j.LoggerFactory.getLogger(RouteTemplatesIT.class).info("the rule change applied to new events after {} ms", appliedMs);
            }
        }
    }

    private long requests(TestDatabase db) {
        return db.queryLong("SELECT coalesce(sum(requests), 0) FROM path_stats_hourly");
    }

    private Map<String, Long> routes(String base) throws Exception {
        Map<String, Long> out = new java.util.HashMap<>();
        for (JsonNode row : get(base + "/paths?limit=200", 200).get("data")) {
            out.put(row.get("route").asText(), row.get("requestCount").asLong());
            assertThat(row.get("path").asText()).isEqualTo(row.get("route").asText());
        }
        return out;
    }

    private static void send(KafkaProducer<String, String> producer, KafkaSettings kafka, String json) {
        producer.send(new ProducerRecord<>(kafka.topic(), json));
    }

    private static String event(String id, String path, String route) {
        return "{\"eventId\":\"" + id + "\",\"occurredAt\":\"" + Instant.now() + "\",\"path\":\"" + path + "\",\"method\":\"GET\","
                + "\"status\":200,\"latencyMs\":3" + (route == null ? "" : ",\"route\":\"" + route + "\"") + "}";
    }

    private JsonNode get(String url, int status) throws Exception {
        return get(url, status, null);
    }

    private JsonNode get(String url, int status, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        return JSON.readTree(r.body());
    }

    private HttpResponse<String> put(String url, String body, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).PUT(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
