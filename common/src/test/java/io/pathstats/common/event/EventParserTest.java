package io.pathstats.common.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EventParserTest {
    private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");
    private final EventParser parser = new EventParser(Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofDays(3));

    private ParseOutcome parse(String json) {
        return parser.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void acceptsAFullEventAndStripsTheQueryString() {
        ParseOutcome out = parse("""
                {"eventId":"e-1","occurredAt":"2026-11-22T11:59:00Z","path":"/api/users?id=7","method":"get",
                 "status":503,"latencyMs":42,"proxyId":"p1","extra":"ignored"}""");
        assertThat(out).isInstanceOf(ParseOutcome.Valid.class);
        TrafficEvent e = ((ParseOutcome.Valid) out).event();
        assertThat(e).isEqualTo(new TrafficEvent("e-1", Instant.parse("2026-11-22T11:59:00Z"), "/api/users", "GET", 503, 42, "p1"));
        assertThat(e.isServerError()).isTrue();
    }

    @Test
    void acceptsEpochMillisAndDefaultsTheProxy() {
        ParseOutcome out = parse("{\"eventId\":\"e\",\"occurredAt\":" + NOW.toEpochMilli() + ",\"path\":\"/\",\"method\":\"POST\",\"status\":200}");
        TrafficEvent e = ((ParseOutcome.Valid) out).event();
        assertThat(e.occurredAt()).isEqualTo(NOW);
        assertThat(e.proxyId()).isEqualTo("default");
        assertThat(e.latencyMs()).isNull();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "not json at all | not_json",
            "[1,2] | not_json",
            "{\"occurredAt\":\"2026-11-22T11:00:00Z\",\"path\":\"/a\",\"method\":\"GET\",\"status\":200} | missing_field",
            "{\"eventId\":7,\"occurredAt\":\"2026-11-22T11:00:00Z\",\"path\":\"/a\",\"method\":\"GET\",\"status\":200} | wrong_type",
            "{\"eventId\":\"e\",\"occurredAt\":\"yesterday\",\"path\":\"/a\",\"method\":\"GET\",\"status\":200} | wrong_type",
            "{\"eventId\":\"e\",\"occurredAt\":\"2026-11-22T11:00:00Z\",\"path\":\"a\",\"method\":\"GET\",\"status\":200} | invalid_value",
            "{\"eventId\":\"e\",\"occurredAt\":\"2026-11-22T11:00:00Z\",\"path\":\"/a\",\"method\":\"GE T\",\"status\":200} | invalid_value",
            "{\"eventId\":\"e\",\"occurredAt\":\"2026-11-22T11:00:00Z\",\"path\":\"/a\",\"method\":\"\",\"status\":200} | invalid_value",
            "{\"eventId\":\"e\",\"occurredAt\":\"2026-11-22T11:00:00Z\",\"path\":\"/a\",\"method\":\"G\u00c9T\",\"status\":200} | invalid_value",
            "{\"eventId\":\"e\",\"occurredAt\":\"2026-11-22T11:00:00Z\",\"path\":\"/a\",\"method\":\"GET(\",\"status\":200} | invalid_value",
            "{\"eventId\":\"e\",\"occurredAt\":\"2026-11-22T11:00:00Z\",\"path\":\"/a\",\"method\":\"ABCDEFGHIJKLMNOPQRSTUVWXYZABCDEFG\",\"status\":200} | invalid_value",
            "{\"eventId\":\"e\",\"occurredAt\":\"2026-11-22T11:00:00Z\",\"path\":\"/a\",\"method\":\"GET\",\"status\":600} | invalid_value",
            "{\"eventId\":\"e\",\"occurredAt\":\"2026-11-22T11:00:00Z\",\"path\":\"/a\",\"method\":\"GET\",\"status\":\"200\"} | wrong_type",
            "{\"eventId\":\"e\",\"occurredAt\":\"2026-11-22T11:00:00Z\",\"path\":\"/a\",\"method\":\"GET\",\"status\":200,\"latencyMs\":-1} | invalid_value",
            "{\"eventId\":\"e\",\"occurredAt\":\"2026-11-22T11:00:00Z\",\"path\":\"/a\",\"method\":\"GET\",\"status\":200,\"latencyMs\":1.5} | wrong_type",
            "{\"eventId\":\"\",\"occurredAt\":\"2026-11-22T11:00:00Z\",\"path\":\"/a\",\"method\":\"GET\",\"status\":200} | invalid_value",
            "{\"eventId\":\"e\",\"occurredAt\":\"2026-11-22T12:06:00Z\",\"path\":\"/a\",\"method\":\"GET\",\"status\":200} | in_future",
            "{\"eventId\":\"e\",\"occurredAt\":\"2026-11-19T11:59:00Z\",\"path\":\"/a\",\"method\":\"GET\",\"status\":200} | too_late",
    })
    void rejectsWithAReason(String json, String reason) {
        ParseOutcome out = parse(json);
        assertThat(out).isInstanceOf(ParseOutcome.Invalid.class);
        assertThat(((ParseOutcome.Invalid) out).reason().tag()).isEqualTo(reason);
        assertThat(((ParseOutcome.Invalid) out).detail()).isNotBlank();
    }

    @ParameterizedTest
    @CsvSource({"M-SEARCH", "PURGE", "x_custom.v2~1", "ABCDEFGHIJKLMNOPQRSTUVWXYZABCDEF"})
    void acceptsAnyTokenAsMethod(String method) {
        ParseOutcome out = parse("{\"eventId\":\"e\",\"occurredAt\":\"2026-11-22T11:00:00Z\",\"path\":\"/a\",\"method\":\"" + method
                + "\",\"status\":200}");
        assertThat(out).isInstanceOf(ParseOutcome.Valid.class);
        assertThat(((ParseOutcome.Valid) out).event().method()).isEqualTo(method.toUpperCase(java.util.Locale.ROOT));
    }

    @Test
    void rejectsOverlongPathsAndEventIds() {
        String longPath = "/" + "x".repeat(EventParser.MAX_PATH);
        assertThat(parse("{\"eventId\":\"e\",\"occurredAt\":\"2026-11-22T11:00:00Z\",\"path\":\"" + longPath + "\",\"method\":\"GET\",\"status\":200}"))
                .isEqualTo(new ParseOutcome.Invalid(InvalidReason.INVALID_VALUE, "path longer than 2048 characters"));
        String longId = "e".repeat(EventParser.MAX_EVENT_ID + 1);
        assertThat(parse("{\"eventId\":\"" + longId + "\",\"occurredAt\":\"2026-11-22T11:00:00Z\",\"path\":\"/a\",\"method\":\"GET\",\"status\":200}"))
                .isInstanceOf(ParseOutcome.Invalid.class);
    }

    @Test
    void eventJsonRoundTripsThroughTheContractFormat() {
        TrafficEvent e = new TrafficEvent("id\t\"1\"", NOW, "/p/ä", "GET", 200, null, "p");
        assertThat(((ParseOutcome.Valid) parser.parse(EventJson.toBytes(e))).event()).isEqualTo(e);
    }
}
