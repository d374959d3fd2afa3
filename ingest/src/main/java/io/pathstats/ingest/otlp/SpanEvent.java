package io.pathstats.ingest.otlp;

import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.Span;
import io.pathstats.client.TrafficEvent;
import io.pathstats.common.event.InvalidReason;
import java.net.URI;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * One SERVER span as a traffic event, by the OpenTelemetry HTTP semantic conventions (the stable
 * names first, the names before them as a fallback): {@code http.route} is the route,
 * {@code url.path} the path (else the path of {@code http.target} or {@code url.full}, else the
 * route), {@code http.request.method}, {@code http.response.status_code}, the duration as latency,
 * the start as occurredAt, and trace id and span id as eventId, so an export sent again is the same
 * events and counted once.
 */
public final class SpanEvent {
    /** A span that cannot be an event, with the dead-letter reason it would have got. */
    public record Refusal(InvalidReason reason, String detail) {
    }

    /** Either an event or why the span is not one. */
    public record Outcome(TrafficEvent event, Refusal refusal) {
    }

    private static final HexFormat HEX = HexFormat.of();

    private SpanEvent() {
    }

    public static boolean isServer(Span span) {
        return span.getKind() == Span.SpanKind.SPAN_KIND_SERVER;
    }

    public static Outcome of(Span span, String proxyId) {
        if (span.getTraceId().size() != 16 || span.getSpanId().size() != 8) {
            return refuse(InvalidReason.MISSING_FIELD, "the span has no valid trace id (16 bytes) and span id (8 bytes)");
        }
        long start = span.getStartTimeUnixNano();
        long end = span.getEndTimeUnixNano();
        if (start <= 0 || end < start) {
            return refuse(InvalidReason.INVALID_VALUE, "the span's start and end times are missing or end before it starts");
        }
        Map<String, AnyValue> attributes = attributes(span.getAttributesList());
        String method = text(attributes, "http.request.method", "http.method");
        if (method == null) {
            return refuse(InvalidReason.MISSING_FIELD, "the span has no http.request.method");
        }
        Long status = number(attributes, "http.response.status_code", "http.status_code");
        if (status == null) {
            return refuse(InvalidReason.MISSING_FIELD, "the span has no http.response.status_code");
        }
        if (status < 100 || status > 599) {
            return refuse(InvalidReason.INVALID_VALUE, "http.response.status_code must be 100..599, was " + status);
        }
        String route = text(attributes, "http.route");
        String path = path(attributes, route);
        if (path == null) {
            return refuse(InvalidReason.MISSING_FIELD, "the span has neither url.path (nor http.target or url.full) nor http.route");
        }
        String eventId = HEX.formatHex(span.getTraceId().toByteArray()) + "-" + HEX.formatHex(span.getSpanId().toByteArray());
        long latencyUs = Math.round((end - start) / 1_000.0);
        Instant occurredAt = Instant.ofEpochSecond(start / 1_000_000_000L, start % 1_000_000_000L);
        return new Outcome(new TrafficEvent(eventId, occurredAt, path, method, status.intValue(), latencyUs, proxyId, route), null);
    }

    /** The string value of a resource or span attribute, or null. */
    public static String text(Map<String, AnyValue> attributes, String... names) {
        for (String name : names) {
            AnyValue v = attributes.get(name);
            if (v != null && v.hasStringValue() && !v.getStringValue().isEmpty()) {
                return v.getStringValue();
            }
        }
        return null;
    }

    public static Map<String, AnyValue> attributes(List<KeyValue> list) {
        Map<String, AnyValue> m = new HashMap<>();
        for (KeyValue kv : list) {
            m.putIfAbsent(kv.getKey(), kv.getValue());
        }
        return m;
    }

    private static Long number(Map<String, AnyValue> attributes, String... names) {
        for (String name : names) {
            AnyValue v = attributes.get(name);
            if (v == null) {
                continue;
            }
            if (v.hasIntValue()) {
                return v.getIntValue();
            }
            if (v.hasStringValue() && v.getStringValue().matches("\\d{1,9}")) {
                return Long.parseLong(v.getStringValue());
            }
        }
        return null;
    }

    private static String path(Map<String, AnyValue> attributes, String route) {
        String path = text(attributes, "url.path");
        if (path != null) {
            return path;
        }
        String target = text(attributes, "http.target");
        if (target != null) {
            return target; // the query, if any, is cut by the contract's validation
        }
        String full = text(attributes, "url.full", "http.url");
        if (full != null) {
            try {
                String p = URI.create(full).getRawPath();
                if (p != null && !p.isEmpty()) {
                    return p;
                }
            } catch (IllegalArgumentException notAUri) {
                // fall back to the route
            }
        }
        return route;
    }

    private static Outcome refuse(InvalidReason reason, String detail) {
        return new Outcome(null, new Refusal(reason, detail));
    }
}
