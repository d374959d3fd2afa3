package io.pathstats.ingest;

import io.javalin.http.Context;
import io.micrometer.core.instrument.MeterRegistry;
import io.pathstats.common.config.Settings;
import io.pathstats.common.event.EventParser;
import io.pathstats.common.ops.BearerToken;
import io.pathstats.common.ops.ErrorBody;
import io.pathstats.common.ops.HealthRegistry;
import io.pathstats.common.ops.ServiceRoutes;
import io.pathstats.ingest.events.EventsEndpoint;
import io.pathstats.ingest.otlp.TracesEndpoint;
import io.pathstats.ingest.publish.EventPublisher;
import io.pathstats.ingest.publish.KafkaUnavailable;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP ingest listener: POST /events and the OTLP traces receiver, on the process's HTTP
 * server (its own in {@code pathstats ingest}, the shared one in standalone). Both answer only after
 * Kafka acknowledged what they accepted, or 503 with Retry-After.
 */
public final class IngestService implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(IngestService.class);

    private final EventPublisher publisher;
    private final ServiceRoutes routes;

    private IngestService(EventPublisher publisher, ServiceRoutes routes) {
        this.publisher = publisher;
        this.routes = routes;
    }

    public static IngestService start(IngestConfig config, MeterRegistry registry, HealthRegistry health, Clock clock) {
        IngestMetrics metrics = new IngestMetrics(registry);
        EventPublisher publisher = new EventPublisher(config.kafka().bootstrap(), config.kafka().topic(), config.maxInFlightEvents(),
                config.admitWait(), config.ackTimeout(), clock, registry, metrics);
        health.register(publisher.healthCheck());
        EventParser parser = new EventParser(clock, config.retention());
        EventsEndpoint events = new EventsEndpoint(parser, publisher, metrics, config.maxBodyBytes());
        TracesEndpoint traces = new TracesEndpoint(parser, publisher, metrics, config.maxBodyBytes(), config.otlpProxyAttribute());
        BearerToken token = new BearerToken(config.token(), Settings.INGEST_TOKEN);
        ServiceRoutes routes = r -> {
            r.post(EventsEndpoint.PATH, ctx -> guarded(ctx, token, () -> ctx.status(202).json(events.handle(ctx))));
            r.post(TracesEndpoint.PATH, ctx -> guarded(ctx, token, () -> traces.handle(ctx)));
        };
        log.info("ingest: POST {} and {} publish to {} on {}{}", EventsEndpoint.PATH, TracesEndpoint.PATH, config.kafka().topic(),
                config.kafka().bootstrap(), token.isSet() ? " (bearer token required)" : " (no token: " + Settings.INGEST_TOKEN + " is unset)");
        return new IngestService(publisher, routes);
    }

    /** The handler's body after the token check; Kafka unavailable becomes 503 with Retry-After. */
    private static void guarded(Context ctx, BearerToken token, Handler handler) throws Exception {
        if (token.isSet()) {
            token.check(ctx);
        }
        try {
            handler.handle();
        } catch (KafkaUnavailable e) {
            ctx.header("Retry-After", Long.toString(e.retryAfter().toSeconds()));
            ctx.status(503).json(ErrorBody.of("kafka_unavailable", e.getMessage()));
        }
    }

    @FunctionalInterface
    private interface Handler {
        void handle() throws Exception;
    }

    public ServiceRoutes routes() {
        return routes;
    }

    @Override
    public void close() {
        publisher.close();
    }
}
