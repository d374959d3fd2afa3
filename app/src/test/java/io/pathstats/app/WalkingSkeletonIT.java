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
import io.pathstats.common.ops.HealthRegistry;
import io.pathstats.common.ops.HttpServer;
import io.pathstats.pipeline.PipelineConfig;
import io.pathstats.pipeline.PipelineService;
import io.pathstats.query.QueryApiConfig;
import io.pathstats.query.QueryApiService;
import io.pathstats.testing.SharedInfrastructure;
import io.pathstats.testing.TestDatabase;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The thin slice end to end on real infrastructure: events published with a stock Kafka client,
 * the pipeline, PostgreSQL, a snapshot, and GET /paths over HTTP in the contract's shape.
 */
class WalkingSkeletonIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void eventsPublishedToKafkaAreServedByGetPathsCountedOnce(@TempDir Path stateDir) throws Exception {
        KafkaSettings kafka = SharedInfrastructure.newTopics(2);
        try (TestDatabase db = TestDatabase.migrated()) {
            PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            HealthRegistry health = new HealthRegistry();
            PipelineConfig config = PipelineConfig.fromEnv(new Env(Map.of()), stateDir)
                    .withKafka(kafka).withDb(db.settings()).withApplicationId(SharedInfrastructure.uniqueName("skeleton"));
            try (PipelineService pipeline = PipelineService.start(config, db.dataSource(), registry, health, Clock.systemUTC());
                 QueryApiService api = QueryApiService.start(QueryApiConfig.of(Duration.ofMinutes(10), Duration.ofMillis(200)),
                         db.dataSource(), registry, new io.pathstats.common.ops.AdminAuth(""), Clock.systemUTC());
                 HttpServer server = HttpServer.start(new HttpSettings("127.0.0.1", 0, ""), health, registry, List.of(api.routes()));
                 KafkaProducer<String, String> producer = stockProducer(kafka)) {

                String now = Instant.now().toString();
                String twice = event("dup-1", now, "/api/users", 200, 12);
                producer.send(new ProducerRecord<>(kafka.topic(), "/api/users", twice));
                producer.send(new ProducerRecord<>(kafka.topic(), "/api/users", twice)); // the same event again
                producer.send(new ProducerRecord<>(kafka.topic(), "/api/users", event("e-2", now, "/api/users?page=2", 503, 40)));
                producer.send(new ProducerRecord<>(kafka.topic(), "/api/orders", event("e-3", now, "/api/orders", 200, 5)));
                producer.flush();

                String base = "http://127.0.0.1:" + server.port();
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
                    JsonNode body = get(base + "/paths");
                    assertThat(body.at("/metadata/dataSource").asText()).isEqualTo("snapshot");
                    assertThat(body.at("/data/0/requestCount").asLong()).isEqualTo(2);
                });

                JsonNode body = get(base + "/paths?limit=1");
                assertThat(body.get("success").asBoolean()).isTrue();
                JsonNode top = body.at("/data/0");
                assertThat(top.get("path").asText()).isEqualTo("/api/users");
                assertThat(top.get("proxyId").asText()).isEqualTo("default");
                assertThat(top.get("errorCount").asLong()).isEqualTo(1);
                assertThat(top.get("errorRate").asDouble()).isEqualTo(0.5);
                assertThat(top.get("avgLatencyMs").asDouble()).isEqualTo(26.0);
                assertThat(top.has("p95LatencyMs")).isTrue();
                assertThat(Instant.parse(top.get("lastAccessed").asText())).isNotNull();
                assertThat(body.at("/pagination/total").asLong()).isEqualTo(2);
                assertThat(body.at("/pagination/totalPages").asLong()).isEqualTo(2);
                assertThat(body.at("/pagination/hasNext").asBoolean()).isTrue();
                assertThat(body.at("/metadata/route").asText()).isEqualTo("new");
                assertThat(body.at("/metadata/version").asLong()).isPositive();

                assertThat(db.queryLong("SELECT count(*) FROM traffic_events")).isEqualTo(3);
                assertThat(db.queryLong("SELECT sum(requests) FROM path_stats_hourly")).isEqualTo(3);

                HttpResponse<String> bad = http.send(HttpRequest.newBuilder(URI.create(base + "/paths?limit=0")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(bad.statusCode()).isEqualTo(400);
                assertThat(JSON.readTree(bad.body()).at("/error/message").asText()).contains("limit");
                HttpResponse<String> healthResponse = http.send(HttpRequest.newBuilder(URI.create(base + "/health")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(healthResponse.statusCode()).isEqualTo(200);
            }
        }
    }

    private JsonNode get(String url) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private static String event(String id, String at, String path, int status, int latency) {
        return "{\"eventId\":\"" + id + "\",\"occurredAt\":\"" + at + "\",\"path\":\"" + path + "\",\"method\":\"GET\",\"status\":"
                + status + ",\"latencyMs\":" + latency + "}";
    }

    private static KafkaProducer<String, String> stockProducer(KafkaSettings kafka) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrap());
        return new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
    }
}
