package io.pathstats.ingest.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.Span;
import io.pathstats.client.TrafficEvent;
import io.pathstats.common.event.InvalidReason;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class SpanEventTest {
    private static final byte[] TRACE = HexFormat.of().parseHex("5b8efff798038103d269b633813fc60c");
    private static final byte[] SPAN = HexFormat.of().parseHex("eee19b7ec3c1b174");
    private static final long START = 1_764_864_000_123_456_789L;

    private static KeyValue attr(String key, String value) {
        return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setStringValue(value)).build();
    }

    private static KeyValue attr(String key, long value) {
        return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setIntValue(value)).build();
    }

    private static Span.Builder server() {
        return Span.newBuilder().setTraceId(ByteString.copyFrom(TRACE)).setSpanId(ByteString.copyFrom(SPAN))
                .setKind(Span.SpanKind.SPAN_KIND_SERVER).setStartTimeUnixNano(START).setEndTimeUnixNano(START + 12_345_678);
    }

    @Test
    void aServerSpanByTheStableConventionsIsOneEvent() {
        Span span = server().addAttributes(attr("http.request.method", "GET")).addAttributes(attr("http.response.status_code", 404))
                .addAttributes(attr("http.route", "/users/{id}")).addAttributes(attr("url.path", "/users/42")).build();
        TrafficEvent e = SpanEvent.of(span, "checkout").event();
        assertThat(e.eventId()).isEqualTo("5b8efff798038103d269b633813fc60c-eee19b7ec3c1b174");
        assertThat(e.occurredAt()).isEqualTo(Instant.ofEpochSecond(1_764_864_000L, 123_456_789));
        assertThat(e.latencyUs()).isEqualTo(12_346);
        assertThat(e).extracting(TrafficEvent::path, TrafficEvent::route, TrafficEvent::method, TrafficEvent::status, TrafficEvent::proxyId)
                .containsExactly("/users/42", "/users/{id}", "GET", 404, "checkout");
    }

    @Test
    void olderAttributeNamesAreReadAndThePathFallsBackToTargetUrlAndRoute() {
        Span old = server().addAttributes(attr("http.method", "POST")).addAttributes(attr("http.status_code", "201"))
                .addAttributes(attr("http.target", "/orders/7?expand=1")).build();
        assertThat(SpanEvent.of(old, "p").event()).extracting(TrafficEvent::path, TrafficEvent::method, TrafficEvent::status)
                .containsExactly("/orders/7?expand=1", "POST", 201);
        Span full = server().addAttributes(attr("http.request.method", "GET")).addAttributes(attr("http.response.status_code", 200))
                .addAttributes(attr("url.full", "https://shop.example/cart/9?x=1")).build();
        assertThat(SpanEvent.of(full, "p").event().path()).isEqualTo("/cart/9");
        Span routeOnly = server().addAttributes(attr("http.request.method", "GET")).addAttributes(attr("http.response.status_code", 200))
                .addAttributes(attr("http.route", "/health")).build();
        assertThat(SpanEvent.of(routeOnly, "p").event().path()).isEqualTo("/health");
    }

    @Test
    void spansThatCannotBeEventsSayWhy() {
        assertThat(SpanEvent.of(server().addAttributes(attr("http.response.status_code", 200)).build(), "p").refusal().reason())
                .isEqualTo(InvalidReason.MISSING_FIELD);
        assertThat(SpanEvent.of(server().addAttributes(attr("http.request.method", "GET")).build(), "p").refusal().detail())
                .contains("http.response.status_code");
        assertThat(SpanEvent.of(server().setEndTimeUnixNano(START - 1).build(), "p").refusal().reason()).isEqualTo(InvalidReason.INVALID_VALUE);
        assertThat(SpanEvent.of(server().setSpanId(ByteString.EMPTY).build(), "p").refusal().reason()).isEqualTo(InvalidReason.MISSING_FIELD);
        assertThat(SpanEvent.isServer(server().setKind(Span.SpanKind.SPAN_KIND_CLIENT).build())).isFalse();
    }

    @Test
    void otlpJsonIdsAreHexAndEnumsIntegersAsTheSpecificationSays() {
        String json = """
                {"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"my.service"}}]},
                 "scopeSpans":[{"scope":{"name":"my.library"},"spans":[{"traceId":"5B8EFFF798038103D269B633813FC60C",
                 "spanId":"EEE19B7EC3C1B174","parentSpanId":"EEE19B7EC3C1B173","name":"GET /users/{id}","kind":2,
                 "startTimeUnixNano":"1544712660000000000","endTimeUnixNano":"1544712661000000000",
                 "attributes":[{"key":"http.request.method","value":{"stringValue":"GET"}},
                 {"key":"http.response.status_code","value":{"intValue":"200"}}],"unknownField":1}]}]}]}
                """;
        ExportTraceServiceRequest request = OtlpJson.parse(json.getBytes(StandardCharsets.UTF_8));
        Span span = request.getResourceSpans(0).getScopeSpans(0).getSpans(0);
        assertThat(span.getTraceId().toByteArray()).isEqualTo(TRACE);
        assertThat(span.getSpanId().toByteArray()).isEqualTo(SPAN);
        assertThat(span.getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_SERVER);
        assertThat(span.getAttributes(1).getValue().getIntValue()).isEqualTo(200);
    }
}
