package io.pathstats.bench.http;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.pathstats.bench.api.WrkLoad;
import io.pathstats.client.TrafficEventProducer;
import io.pathstats.common.config.HttpSettings;
import io.pathstats.common.config.KafkaSettings;
import io.pathstats.common.ops.HealthRegistry;
import io.pathstats.common.ops.HttpServer;
import io.pathstats.ingest.IngestConfig;
import io.pathstats.ingest.IngestService;
import java.io.BufferedWriter;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Events per second through POST /events in batches, from wrk (a second process), each answered
 * only once Kafka acknowledged its events; beside the rate of the same events published straight
 * to Kafka by the client library's producer (idempotent, acks=all) in the same run, on the same
 * broker. Pipeline and database are not involved: this is the cost of the HTTP hop.
 */
public final class HttpIngestBenchmark {
    private static final int DISTINCT_BODIES = 50;

    private final KafkaSettings kafka;
    private final PrintStream out;

    public HttpIngestBenchmark(KafkaSettings kafka, PrintStream out) {
        this.kafka = kafka;
        this.out = out;
    }

    public record Result(double httpEventsPerSec, double directEventsPerSec, int batch, int connections, WrkLoad.Result wrk) {
        public String json() {
            return String.format(Locale.ROOT, "{\"bench\":\"http-ingest\",\"eventsPerSec\":%.0f,\"directEventsPerSec\":%.0f,"
                    + "\"ratioToDirect\":%.3f,\"batch\":%d,\"connections\":%d,\"requests\":%s}", httpEventsPerSec, directEventsPerSec,
                    httpEventsPerSec / directEventsPerSec, batch, connections, wrk.json());
        }
    }

    public Result run(int batch, int connections, Duration duration, int directEvents) throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Path bodies = Files.createTempFile("pathstats-http-ingest-", ".ndjson");
        bodies.toFile().deleteOnExit();
        try (BufferedWriter w = Files.newBufferedWriter(bodies, StandardCharsets.UTF_8)) {
            for (int b = 0; b < DISTINCT_BODIES; b++) {
                for (int i = 0; i < batch; i++) {
                    w.write(event("h-" + b + "-" + i, now, i));
                    w.write('\n');
                }
                w.write('\n');
            }
        }
        WrkLoad load = WrkLoad.prepare(2);

        direct(directEvents / 2, now, "w"); // warm-up: the client's and broker's code compiled, as in the HTTP run's warm-up
        double direct = direct(directEvents, now, "d");
        out.printf(Locale.ROOT, "direct: %,d events published to Kafka by TrafficEventProducer, all acknowledged: %,.0f events/s%n",
                directEvents, direct);

        IngestConfig config = new IngestConfig(kafka, "", IngestConfig.DEFAULT_MAX_BODY_BYTES, 200_000, Duration.ofSeconds(1),
                Duration.ofSeconds(15), Duration.ofDays(3), IngestConfig.DEFAULT_PROXY_ATTRIBUTE);
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        HealthRegistry health = new HealthRegistry();
        try (IngestService ingest = IngestService.start(config, registry, health, Clock.systemUTC());
             HttpServer server = HttpServer.start(new HttpSettings("127.0.0.1", 0, ""), health, registry, List.of(ingest.routes()))) {
            String base = "http://127.0.0.1:" + server.port();
            // warm up the server's code paths before the timed run
            load.post(base, "/events", bodies, connections, Duration.ofSeconds(Math.max(3, duration.toSeconds() / 3)));
            WrkLoad.Result r = load.post(base, "/events", bodies, connections, duration);
            double perSec = (r.requests() - r.errors()) * (double) batch / duration.toSeconds();
            out.printf(Locale.ROOT, "http: POST /events, %,d events per request, %d connections from wrk: %,.0f requests/s, %,.0f events/s, "
                    + "p50 %.1f ms, p99 %.1f ms, %d errors%n", batch, connections, r.rps(), perSec, r.p50Ms(), r.p99Ms(), r.errors());
            return new Result(perSec, direct, batch, connections, r);
        }
    }

    private double direct(int events, Instant now, String idPrefix) throws Exception {
        try (TrafficEventProducer producer = new TrafficEventProducer(kafka.bootstrap(), kafka.topic())) {
            List<Future<RecordMetadata>> acks = new ArrayList<>(events);
            long start = System.nanoTime();
            for (int i = 0; i < events; i++) {
                acks.add(producer.sendRaw("/bench/" + (i % 500), event(idPrefix + "-" + i, now, i).getBytes(StandardCharsets.UTF_8)));
            }
            for (Future<RecordMetadata> a : acks) {
                a.get();
            }
            return events / ((System.nanoTime() - start) / 1e9);
        }
    }

    private static String event(String id, Instant at, int i) {
        return "{\"eventId\":\"" + id + "\",\"occurredAt\":\"" + at + "\",\"path\":\"/api/v1/items/" + (i % 500)
                + "\",\"method\":\"GET\",\"status\":200,\"latencyMs\":" + (i % 97) + ".5,\"proxyId\":\"edge-1\"}";
    }
}
