package io.pathstats.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.common.export.RetryPolicy;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.pathstats.common.config.Env;
import io.pathstats.common.config.HttpSettings;
import io.pathstats.common.config.KafkaSettings;
import io.pathstats.common.ops.HealthRegistry;
import io.pathstats.common.ops.HttpServer;
import io.pathstats.embedded.FreePorts;
import io.pathstats.ingest.IngestConfig;
import io.pathstats.ingest.IngestService;
import io.pathstats.pipeline.PipelineConfig;
import io.pathstats.pipeline.PipelineService;
import io.pathstats.testing.SharedInfrastructure;
import io.pathstats.testing.TestDatabase;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HTTP ingest end to end on a real broker (in a child JVM, so it can be killed) and a real
 * PostgreSQL: POST /events with good and bad lines, duplicates, gzip, the token, Kafka killed
 * mid-request (503, then the client's retry, each event counted once); and the OTLP receiver fed
 * by the official OpenTelemetry SDK's OTLP/HTTP exporter, including its own retry of a 503 and an
 * export sent twice, plus OTLP/JSON.
 */
class IngestIT {
    private static final Logger log = LoggerFactory.getLogger(IngestIT.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "ingest-secret";
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** The broker, the pipeline and the ingest listener of one test. */
    private record Stack(ChildBroker broker, TestDatabase db, PrometheusMeterRegistry registry, String base) {
    }

    private interface Body {
        void run(Stack stack) throws Exception;
    }

    private static void withStack(Path dir, Duration ackTimeout, Body body) throws Exception {
        int port = FreePorts.pickAdjacentPair();
        KafkaSettings kafka = new KafkaSettings("127.0.0.1:" + port, "traffic-events");
        try (ChildBroker broker = new ChildBroker(dir.resolve("kafka"), port, "target/ingest-it-broker.log").start();
             TestDatabase db = TestDatabase.migrated()) {
            PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            HealthRegistry health = new HealthRegistry();
            PipelineConfig config = PipelineConfig.fromEnv(new Env(Map.of()), dir.resolve("pipeline")).withKafka(kafka).withDb(db.settings())
                    .withApplicationId(SharedInfrastructure.uniqueName("ingest"));
            IngestConfig ingestConfig = new IngestConfig(kafka, TOKEN, IngestConfig.DEFAULT_MAX_BODY_BYTES, 200_000, Duration.ofSeconds(1),
                    ackTimeout, Duration.ofDays(3), IngestConfig.DEFAULT_PROXY_ATTRIBUTE);
            try (PipelineService pipeline = PipelineService.start(config, db.dataSource(), registry, health, Clock.systemUTC());
                 IngestService ingest = IngestService.start(ingestConfig, registry, health, Clock.systemUTC());
                 HttpServer server = HttpServer.start(new HttpSettings("127.0.0.1", 0, ""), health, registry, List.of(ingest.routes()))) {
                body.run(new Stack(broker, db, registry, "http://127.0.0.1:" + server.port()));
            }
        }
    }

    @Test
    void eventsAreTakenLineByLineAndCountedOnceThroughAKafkaOutageAndTheClientsRetry(
            @TempDir(cleanup = CleanupMode.ON_SUCCESS) Path dir) throws Exception {
        withStack(dir, Duration.ofSeconds(6), s -> {
            Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            Set<String> validIds = new HashSet<>();
            StringBuilder mixed = new StringBuilder();
            for (int i = 0; i < 100; i++) {
                mixed.append(event("m-" + i, now, "/users/" + (1000 + i), 200)).append('\n');
                validIds.add("m-" + i);
            }
            mixed.append("not json\n");                                                                       // line 101
            mixed.append("{\"eventId\":\"bad-1\",\"path\":\"/x\",\"method\":\"GET\",\"status\":200}\n");       // 102: no occurredAt
            mixed.append(event("bad-2", now, "/x", 700)).append('\n');                                      // 103: status
            mixed.append(event("bad-3", now.plus(Duration.ofHours(1)), "/x", 200)).append('\n');            // 104: in the future
            mixed.append("{\"eventId\":\"bad-4\",\"occurredAt\":\"").append(now).append("\",\"path\":\"/x\",\"method\":\"GET\",\"status\":\"200\"}\n");
            for (int i = 0; i < 10; i++) {
                mixed.append(event("m-" + i, now, "/users/" + (1000 + i), 200)).append('\n');             // duplicates of lines 1..10
            }

            assertThat(post(s.base() + "/events", mixed.toString().getBytes(StandardCharsets.UTF_8), false, null).statusCode()).isEqualTo(401);
            HttpResponse<String> r = post(s.base() + "/events", mixed.toString().getBytes(StandardCharsets.UTF_8), false, TOKEN);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
            JsonNode answer = JSON.readTree(r.body());
            assertThat(answer.get("accepted").asInt()).isEqualTo(110);
            assertThat(answer.get("rejected").asInt()).isEqualTo(5);
            assertThat(answer.get("errors")).extracting(e -> e.get("line").asInt() + ":" + e.get("reason").asText())
                    .containsExactly("101:not_json", "102:missing_field", "103:invalid_value", "104:in_future", "105:wrong_type");

            // a gzip'd JSON array
            StringBuilder array = new StringBuilder("[");
            for (int i = 0; i < 50; i++) {
                array.append(i > 0 ? "," : "").append(event("a-" + i, now, "/orders/" + i, i % 10 == 0 ? 503 : 200));
                validIds.add("a-" + i);
            }
            r = post(s.base() + "/events", array.append(']').toString().getBytes(StandardCharsets.UTF_8), true, TOKEN);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
            assertThat(JSON.readTree(r.body()).get("accepted").asInt()).isEqualTo(50);
            await().atMost(Duration.ofSeconds(60)).until(() -> requests(s.db()) == validIds.size());

            // Kafka dies: a request in flight is answered 503 with Retry-After, never 202
            List<byte[]> bodies = new ArrayList<>();
            for (int b = 0; b < 3; b++) {
                StringBuilder lines = new StringBuilder();
                for (int i = 0; i < 20_000; i++) {
                    String id = "k-" + b + "-" + i;
                    lines.append(event(id, now, "/items/" + i, 200)).append('\n');
                    validIds.add(id);
                }
                bodies.add(lines.toString().getBytes(StandardCharsets.UTF_8));
            }
            CompletableFuture<HttpResponse<String>> inFlight = CompletableFuture.supplyAsync(() -> {
                try {
                    return post(s.base() + "/events", bodies.get(0), true, TOKEN);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            // kill the broker once the first events of that body are in the topic (160 before it)
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, s.broker().bootstrap()))) {
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(5))
                        .until(() -> recordsIn(admin, "traffic-events") > 160 || inFlight.isDone());
            }
            s.broker().kill();
            HttpResponse<String> during = inFlight.get(60, TimeUnit.SECONDS);
            log.info("the request in flight when the broker was killed was answered {}", during.statusCode());
            HttpResponse<String> refused = post(s.base() + "/events", bodies.get(1), true, TOKEN);
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
            assertThat(refused.headers().firstValue("Retry-After")).isPresent();
            assertThat(JSON.readTree(refused.body()).at("/error/code").asText()).isEqualTo("kafka_unavailable");

            // the broker comes back; the client resends every body not answered 202 until it is
            s.broker().start();
            for (byte[] body : bodies) {
                await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1))
                        .until(() -> post(s.base() + "/events", body, true, TOKEN).statusCode() == 202);
            }
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                    .untilAsserted(() -> assertThat(requests(s.db())).isEqualTo(validIds.size()));
            assertThat(s.db().queryLong("SELECT count(*) FROM traffic_events")).isEqualTo(validIds.size());
            assertThat(s.db().queryLong("SELECT count(*) FROM traffic_events WHERE event_id LIKE 'bad-%'")).isZero();
            assertThat(s.db().queryLong("SELECT coalesce(sum(requests), 0) FROM path_stats_hourly WHERE route = '/users/{id}'")).isEqualTo(100);
        });
    }

    @Test
    void serverSpansFromTheOpenTelemetrySdkAreCountedOnceThroughItsRetryAndAResentExport(
            @TempDir(cleanup = CleanupMode.ON_SUCCESS) Path dir) throws Exception {
        withStack(dir, Duration.ofSeconds(8), s -> {
            SpanCollector collected = new SpanCollector();
            Tracer tracer;
            try (SdkTracerProvider provider = SdkTracerProvider.builder().addSpanProcessor(collected)
                    .setResource(Resource.getDefault().merge(Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), "checkout"))))
                    .build()) {
                tracer = provider.get("ingest-it");
                for (int i = 0; i < 40; i++) {
                    String route = i % 2 == 0 ? "/users/{id}" : "/orders/{id}/items";
                    String path = i % 2 == 0 ? "/users/" + i : "/orders/" + i + "/items";
                    tracer.spanBuilder("GET " + route).setSpanKind(SpanKind.SERVER).setNoParent()
                            .setAttribute("http.request.method", "GET").setAttribute("http.route", route).setAttribute("url.path", path)
                            .setAttribute("http.response.status_code", i % 8 == 0 ? 500L : 200L).startSpan().end();
                }
                tracer.spanBuilder("SELECT").setSpanKind(SpanKind.CLIENT).setNoParent().startSpan().end(); // not traffic
                tracer.spanBuilder("GET /no-status").setSpanKind(SpanKind.SERVER).setNoParent()
                        .setAttribute("http.request.method", "GET").setAttribute("url.path", "/no-status").startSpan().end(); // refused
            }
            List<SpanData> spans = collected.spans;
            assertThat(spans).hasSize(42);
            OtlpHttpSpanExporter exporter = OtlpHttpSpanExporter.builder().setEndpoint(s.base() + "/v1/traces")
                    .addHeader("Authorization", "Bearer " + TOKEN).setTimeout(Duration.ofSeconds(20))
                    .setRetryPolicy(RetryPolicy.builder().setMaxAttempts(5).setInitialBackoff(Duration.ofSeconds(1))
                            .setMaxBackoff(Duration.ofSeconds(3)).build())
                    .build();
            try {
                assertThat(exporter.export(spans.subList(0, 20)).join(60, TimeUnit.SECONDS).isSuccess()).isTrue();
                await().atMost(Duration.ofSeconds(60)).until(() -> requests(s.db()) == 20);

                // the broker dies; the exporter's export is answered 503 and retried by the exporter until the broker is back
                s.broker().kill();
                CompletableResultCode second = exporter.export(spans.subList(20, spans.size()));
                await().atMost(Duration.ofSeconds(30)).until(() -> unavailable(s.registry()) > 0);
                s.broker().start();
                assertThat(second.join(90, TimeUnit.SECONDS).isSuccess()).as("the exporter's retry after the 503").isTrue();
                // an export sent again (a collector retrying, say) is the same events
                assertThat(exporter.export(spans).join(60, TimeUnit.SECONDS).isSuccess()).isTrue();
            } finally {
                exporter.shutdown().join(10, TimeUnit.SECONDS);
            }
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                    .untilAsserted(() -> assertThat(requests(s.db())).isEqualTo(40));
            assertThat(s.db().queryLong("SELECT count(*) FROM traffic_events")).isEqualTo(40);
            assertThat(s.db().queryLong("SELECT sum(requests) FROM path_stats_hourly WHERE route = '/users/{id}' AND proxy_id = 'checkout'"))
                    .isEqualTo(20);
            assertThat(s.db().queryLong("SELECT sum(errors) FROM path_stats_hourly WHERE proxy_id = 'checkout'")).isEqualTo(5);
            assertThat(s.db().queryLong("SELECT count(*) FROM traffic_events WHERE latency_us IS NULL")).isZero();
            assertThat(counter(s.registry(), "otlp", "rejected")).isEqualTo(3); // the span without a status, in each of three exports

            // OTLP/JSON, as the specification's example sends it: hex ids, integer enums, string nanoseconds
            long startNanos = TimeUnit.MILLISECONDS.toNanos(System.currentTimeMillis());
            String json = "{\"resourceSpans\":[{\"resource\":{\"attributes\":[{\"key\":\"service.name\",\"value\":{\"stringValue\":\"json-svc\"}}]},"
                    + "\"scopeSpans\":[{\"scope\":{\"name\":\"manual\"},\"spans\":[{\"traceId\":\"5b8efff798038103d269b633813fc60c\","
                    + "\"spanId\":\"eee19b7ec3c1b174\",\"name\":\"GET /json\",\"kind\":2,\"startTimeUnixNano\":\"" + startNanos + "\","
                    + "\"endTimeUnixNano\":\"" + (startNanos + 2_500_000) + "\",\"attributes\":[{\"key\":\"http.request.method\","
                    + "\"value\":{\"stringValue\":\"GET\"}},{\"key\":\"url.path\",\"value\":{\"stringValue\":\"/json/1\"}},"
                    + "{\"key\":\"http.response.status_code\",\"value\":{\"intValue\":\"200\"}}]}]}]}]}";
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(s.base() + "/v1/traces")).header("Content-Type", "application/json")
                    .header("Authorization", "Bearer " + TOKEN).POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
            await().atMost(Duration.ofSeconds(60)).until(() -> s.db().queryLong("SELECT count(*) FROM traffic_events WHERE proxy_id = 'json-svc' "
                    + "AND event_id = '5b8efff798038103d269b633813fc60c-eee19b7ec3c1b174' AND latency_us = 2500") == 1);
        });
    }

    /** Collects the SDK's finished spans, to export them by hand (and twice). */
    private static final class SpanCollector implements SpanProcessor {
        final List<SpanData> spans = new CopyOnWriteArrayList<>();

        @Override
        public void onStart(Context parentContext, ReadWriteSpan span) {
        }

        @Override
        public boolean isStartRequired() {
            return false;
        }

        @Override
        public void onEnd(ReadableSpan span) {
            spans.add(span.toSpanData());
        }

        @Override
        public boolean isEndRequired() {
            return true;
        }
    }

    private static String event(String id, Instant at, String path, int status) {
        return "{\"eventId\":\"" + id + "\",\"occurredAt\":\"" + at + "\",\"path\":\"" + path + "\",\"method\":\"GET\",\"status\":" + status
                + ",\"latencyMs\":12.5,\"proxyId\":\"edge-1\"}";
    }

    private HttpResponse<String> post(String url, byte[] body, boolean gzip, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/x-ndjson");
        if (gzip) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
                out.write(body);
            }
            body = bytes.toByteArray();
            b.header("Content-Encoding", "gzip");
        }
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static double counter(PrometheusMeterRegistry registry, String source, String outcome) {
        return registry.find("pathstats.ingest.events").tag("source", source).tag("outcome", outcome).counters().stream()
                .mapToDouble(c -> c.count()).sum();
    }

    private static long recordsIn(Admin admin, String topic) throws Exception {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (int p = 0; p < admin.describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS).get(topic).partitions().size(); p++) {
            latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
        }
        return admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS).values().stream().mapToLong(i -> i.offset()).sum();
    }

    private static double unavailable(PrometheusMeterRegistry registry) {
        return counter(registry, "otlp", "unavailable");
    }

    private static long requests(TestDatabase db) {
        return db.queryLong("SELECT coalesce(sum(requests), 0) FROM path_stats_hourly");
    }
}
