package io.pathstats.ingest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.pathstats.common.event.InvalidReason;
import java.util.Locale;

/** {@code pathstats_ingest_events_total{source, outcome, reason}}: what the ingest endpoints took and refused. */
public final class IngestMetrics {
    /** Which endpoint an event came through. */
    public enum Source {
        EVENTS, OTLP;

        String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final MeterRegistry registry;

    public IngestMetrics(MeterRegistry registry) {
        this.registry = registry;
        // every series present from the start (at 0), so dashboards and alerts see them before the first request
        for (Source source : Source.values()) {
            counter(source, "accepted", "");
            counter(source, "unavailable", "");
            for (InvalidReason reason : InvalidReason.VALIDATION) {
                counter(source, "rejected", reason.tag());
            }
        }
    }

    public void accepted(Source source, int events) {
        counter(source, "accepted", "").increment(events);
    }

    public void rejected(Source source, InvalidReason reason) {
        counter(source, "rejected", reason.tag()).increment();
    }

    /** Events of requests answered 503: Kafka did not take them (in time); the client resends them. */
    public void unavailable(Source source, int events) {
        counter(source, "unavailable", "").increment(events);
    }

    private Counter counter(Source source, String outcome, String reason) {
        return Counter.builder("pathstats.ingest.events").description("events received over HTTP, by endpoint and outcome")
                .tag("source", source.tag()).tag("outcome", outcome).tag("reason", reason).register(registry);
    }
}
