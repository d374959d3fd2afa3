package io.pathstats.ingest.events;

import io.javalin.http.Context;
import io.pathstats.common.event.EventParser;
import io.pathstats.common.event.InvalidReason;
import io.pathstats.common.event.ParseOutcome;
import io.pathstats.ingest.IngestMetrics;
import io.pathstats.ingest.api.IngestResponse;
import io.pathstats.ingest.publish.EventPublisher;
import io.pathstats.ingest.publish.KafkaUnavailable;
import java.util.ArrayList;
import java.util.List;

/**
 * POST /events: contract events as NDJSON or a JSON array. Each event is checked by the same
 * validator as the pipeline; the valid ones are published and the request is answered 202 only
 * once Kafka acknowledged all of them. Invalid events are never published; they are listed in the
 * answer, while the valid events of the same body are still taken.
 */
public final class EventsEndpoint {
    public static final String PATH = "/events";

    private final EventParser parser;
    private final EventPublisher publisher;
    private final IngestMetrics metrics;
    private final int maxBodyBytes;

    public EventsEndpoint(EventParser parser, EventPublisher publisher, IngestMetrics metrics, int maxBodyBytes) {
        this.parser = parser;
        this.publisher = publisher;
        this.metrics = metrics;
        this.maxBodyBytes = maxBodyBytes;
    }

    public IngestResponse handle(Context ctx) throws KafkaUnavailable, InterruptedException {
        List<EventItems.Item> items = EventItems.split(RequestBody.read(ctx, maxBodyBytes));
        List<EventPublisher.Outgoing> valid = new ArrayList<>(items.size());
        List<IngestResponse.RejectedEvent> errors = new ArrayList<>();
        int rejected = 0;
        for (EventItems.Item item : items) {
            ParseOutcome outcome = item.bytes() == null
                    ? new ParseOutcome.Invalid(InvalidReason.NOT_JSON, "the array element is not a JSON object")
                    : parser.parse(item.bytes());
            if (outcome instanceof ParseOutcome.Valid v) {
                valid.add(new EventPublisher.Outgoing(v.event().path(), item.bytes()));
            } else {
                ParseOutcome.Invalid invalid = (ParseOutcome.Invalid) outcome;
                rejected++;
                metrics.rejected(IngestMetrics.Source.EVENTS, invalid.reason());
                if (errors.size() < IngestResponse.MAX_ERRORS) {
                    errors.add(new IngestResponse.RejectedEvent(item.number(), invalid.reason().tag(), invalid.detail()));
                }
            }
        }
        publisher.publishAll(IngestMetrics.Source.EVENTS, valid);
        return new IngestResponse(valid.size(), rejected, errors);
    }
}
