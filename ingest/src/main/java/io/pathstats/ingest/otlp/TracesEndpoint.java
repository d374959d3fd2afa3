package io.pathstats.ingest.otlp;

import com.google.protobuf.InvalidProtocolBufferException;
import io.javalin.http.Context;
import io.opentelemetry.proto.collector.trace.v1.ExportTracePartialSuccess;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.pathstats.client.EventJson;
import io.pathstats.client.TrafficEvent;
import io.pathstats.common.event.EventParser;
import io.pathstats.common.event.ParseOutcome;
import io.pathstats.common.ops.ApiError;
import io.pathstats.ingest.IngestMetrics;
import io.pathstats.ingest.events.RequestBody;
import io.pathstats.ingest.publish.EventPublisher;
import io.pathstats.ingest.publish.KafkaUnavailable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The OTLP/HTTP traces receiver ({@code POST /v1/traces}, binary protobuf or JSON, gzip or not):
 * every SERVER span becomes one event ({@link SpanEvent}), checked by the contract's validator and
 * published like POST /events; the export is answered 200 only once Kafka acknowledged them, with
 * a partial success naming how many spans were refused and why. Spans of other kinds are not
 * traffic and are skipped. Kafka unavailable: 503 with Retry-After, which OTLP exporters retry.
 */
public final class TracesEndpoint {
    public static final String PATH = "/v1/traces";
    private static final String PROTOBUF = "application/x-protobuf";
    private static final String JSON = "application/json";

    private final EventParser parser;
    private final EventPublisher publisher;
    private final IngestMetrics metrics;
    private final int maxBodyBytes;
    private final String proxyAttribute;

    public TracesEndpoint(EventParser parser, EventPublisher publisher, IngestMetrics metrics, int maxBodyBytes, String proxyAttribute) {
        this.parser = parser;
        this.publisher = publisher;
        this.metrics = metrics;
        this.maxBodyBytes = maxBodyBytes;
        this.proxyAttribute = proxyAttribute;
    }

    public void handle(Context ctx) throws KafkaUnavailable, InterruptedException {
        String contentType = ctx.contentType() == null ? "" : ctx.contentType().toLowerCase(Locale.ROOT);
        boolean json = contentType.startsWith(JSON);
        if (!json && !contentType.startsWith(PROTOBUF)) {
            throw new ApiError(415, "unsupported_media_type", "send OTLP as " + PROTOBUF + " or " + JSON + ", not '" + ctx.contentType() + "'");
        }
        byte[] body = RequestBody.read(ctx, maxBodyBytes);
        ExportTraceServiceRequest request = json ? OtlpJson.parse(body) : parseProtobuf(body);

        List<EventPublisher.Outgoing> valid = new ArrayList<>();
        Map<String, Integer> refusals = new LinkedHashMap<>();
        int refused = 0;
        for (ResourceSpans resourceSpans : request.getResourceSpansList()) {
            String proxyId = SpanEvent.text(SpanEvent.attributes(resourceSpans.getResource().getAttributesList()), proxyAttribute);
            if (proxyId == null) {
                proxyId = TrafficEvent.DEFAULT_PROXY_ID;
            }
            for (ScopeSpans scopeSpans : resourceSpans.getScopeSpansList()) {
                for (Span span : scopeSpans.getSpansList()) {
                    if (!SpanEvent.isServer(span)) {
                        continue;
                    }
                    SpanEvent.Outcome event = SpanEvent.of(span, proxyId);
                    byte[] bytes = event.event() == null ? null : EventJson.toBytes(event.event());
                    // through the same validator as every other event (lengths, characters, time window)
                    ParseOutcome outcome = bytes == null ? new ParseOutcome.Invalid(event.refusal().reason(), event.refusal().detail())
                            : parser.parse(bytes);
                    if (outcome instanceof ParseOutcome.Valid v) {
                        valid.add(new EventPublisher.Outgoing(v.event().path(), bytes));
                    } else {
                        ParseOutcome.Invalid invalid = (ParseOutcome.Invalid) outcome;
                        refused++;
                        metrics.rejected(IngestMetrics.Source.OTLP, invalid.reason());
                        refusals.merge(invalid.reason().tag() + ": " + invalid.detail(), 1, Integer::sum);
                    }
                }
            }
        }
        publisher.publishAll(IngestMetrics.Source.OTLP, valid);

        ExportTraceServiceResponse.Builder response = ExportTraceServiceResponse.newBuilder();
        if (refused > 0) {
            response.setPartialSuccess(ExportTracePartialSuccess.newBuilder().setRejectedSpans(refused)
                    .setErrorMessage(describe(refusals)));
        }
        ctx.status(200);
        if (json) {
            ctx.contentType(JSON).result(OtlpJson.write(response.build()));
        } else {
            ctx.contentType(PROTOBUF).result(response.build().toByteArray());
        }
    }

    private static ExportTraceServiceRequest parseProtobuf(byte[] body) {
        try {
            return ExportTraceServiceRequest.parseFrom(body);
        } catch (InvalidProtocolBufferException e) {
            throw new ApiError(400, "invalid_body", "not an OTLP ExportTraceServiceRequest in protobuf: " + e.getMessage());
        }
    }

    private static String describe(Map<String, Integer> refusals) {
        StringBuilder sb = new StringBuilder("spans refused as events: ");
        int shown = 0;
        for (Map.Entry<String, Integer> e : refusals.entrySet()) {
            if (shown++ == 10) {
                sb.append("; ...");
                break;
            }
            sb.append(shown > 1 ? "; " : "").append(e.getValue()).append(" x ").append(e.getKey());
        }
        return sb.toString();
    }
}
