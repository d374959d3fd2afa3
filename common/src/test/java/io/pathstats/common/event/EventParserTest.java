package io.pathstats.common.event;

import io.pathstats.client.EventJson;
import io.pathstats.client.TrafficEvent;
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
        assertThat(e.latencyUs()).isNull();
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
            "{\"eventId\":\"e\",\"occurredAt\":\"2026-11-22T11:00:00Z\",\"path\":\"/a\",\"method\":\"GET\",\"status\":200,\"latencyMs\":-0.001} | invalid_value",
            "{\"eventId\":\"e\",\"occurredAt\":\"2026-11-22T11:00:00Z\",\"path\":\"/a\",\"method\":\"GET\",\"status\":200,\"latencyMs\":3600000.001} | invalid_value",
            "{\"eventId\":\"e\",\"occurredAt\":\"2026-11-22T11:00:00Z\",\"path\":\"/a\",\"method\":\"GET\",\"status\":200,\"latencyMs\":1e300} | invalid_value",
            "{\"eventId\":\"e\",\"occurredAt\":\"2026-11-22T11:00:00Z\",\"path\":\"/a\",\"method\":\"GET\",\"status\":200,\"latencyMs\":NaN} | not_json",
            "{\"eventId\":\"e\",\"occurredAt\":\"2026-11-22T11:00:00Z\",\"path\":\"/a\",\"method\":\"GET\",\"status\":200,\"latencyMs\":\"12.5\"} | wrong_type",
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
                .isEqualTo(new ParseOutcome.Invalid(InvalidReason.INVALID_VALUE, "path longer than 2048 characters or 2048 bytes of UTF-8"));
        String longId = "e".repeat(EventParser.MAX_EVENT_ID + 1);
        assertThat(parse("{\"eventId\":\"" + longId + "\",\"occurredAt\":\"2026-11-22T11:00:00Z\",\"path\":\"/a\",\"method\":\"GET\",\"status\":200}"))
                .isInstanceOf(ParseOutcome.Invalid.class);
    }

    @ParameterizedTest
    @CsvSource({"0, 0", "12, 12000", "12.5, 12500", "0.35, 350", "0.0004, 0", "0.0005, 1", "1e3, 1000000", "3600000, 3600000000"})
    void acceptsDecimalLatenciesKeptToTheMicrosecond(String latencyMs, long expectedUs) {
        ParseOutcome out = parse("{\"eventId\":\"e\",\"occurredAt\":\"2026-11-22T11:00:00Z\",\"path\":\"/a\",\"method\":\"GET\","
                + "\"status\":200,\"latencyMs\":" + latencyMs + "}");
        assertThat(out).isInstanceOf(ParseOutcome.Valid.class);
        TrafficEvent e = ((ParseOutcome.Valid) out).event();
        assertThat(e.latencyUs()).isEqualTo(expectedUs);
        assertThat(((ParseOutcome.Valid) parser.parse(EventJson.toBytes(e))).event()).isEqualTo(e);
    }

    @Test
    void eventJsonRoundTripsThroughTheContractFormat() {
        TrafficEvent e = new TrafficEvent("id\\\"1\"", NOW, "/p/ä/\ud83d\ude00", "GET", 200, null, "p");
        assertThat(((ParseOutcome.Valid) parser.parse(EventJson.toBytes(e))).event()).isEqualTo(e);
    }

    private static final String VALID_TAIL = ",\"occurredAt\":\"2026-11-22T11:00:00Z\",\"method\":\"GET\",\"status\":200}";

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "NUL in the path | {\"eventId\":\"e\",\"path\":\"/a\\u0000b\"",
            "NUL in the event id | {\"eventId\":\"e\\u0000\",\"path\":\"/a\"",
            "NUL in the proxy id | {\"eventId\":\"e\",\"proxyId\":\"\\u0000\",\"path\":\"/a\"",
            "a tab in the path | {\"eventId\":\"e\",\"path\":\"/a\\tb\"",
            "DEL in the event id | {\"eventId\":\"e\\u007f\",\"path\":\"/a\"",
            "a lone high surrogate | {\"eventId\":\"e\",\"path\":\"/a\\ud800\"",
            "a lone low surrogate | {\"eventId\":\"e\\udc00x\",\"path\":\"/a\"",
    })
    void rejectsControlCharactersAndUnpairedSurrogatesInText(String what, String head) {
        ParseOutcome out = parse(head + VALID_TAIL);
        assertThat(out).as(what).isInstanceOf(ParseOutcome.Invalid.class);
        assertThat(((ParseOutcome.Invalid) out).reason()).isEqualTo(InvalidReason.INVALID_VALUE);
        assertThat(((ParseOutcome.Invalid) out).detail()).contains("U+").contains("not allowed");
    }

    @Test
    void rejectsInvalidUtf8IncludingOverlongForms() {
        byte[] prefix = "{\"eventId\":\"e\",\"path\":\"/a".getBytes(StandardCharsets.UTF_8);
        byte[] suffix = ("\"" + VALID_TAIL).getBytes(StandardCharsets.UTF_8);
        byte[][] bad = {
                {(byte) 0xc0, (byte) 0xaf},             // overlong '/'
                {(byte) 0xe0, (byte) 0x80, (byte) 0xaf}, // overlong '/' in three bytes
                {(byte) 0xed, (byte) 0xa0, (byte) 0x80}, // an encoded surrogate
                {(byte) 0xf4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, // above U+10FFFF
                {(byte) 0x80},                          // a continuation byte alone
                {(byte) 0xe2, (byte) 0x82},             // truncated
        };
        for (byte[] b : bad) {
            byte[] raw = new byte[prefix.length + b.length + suffix.length];
            System.arraycopy(prefix, 0, raw, 0, prefix.length);
            System.arraycopy(b, 0, raw, prefix.length, b.length);
            System.arraycopy(suffix, 0, raw, prefix.length + b.length, suffix.length);
            ParseOutcome out = parser.parse(raw);
            assertThat(out).isInstanceOf(ParseOutcome.Invalid.class);
            assertThat(((ParseOutcome.Invalid) out).reason()).isEqualTo(InvalidReason.NOT_JSON);
            assertThat(((ParseOutcome.Invalid) out).detail()).startsWith("not valid UTF-8 at byte " + prefix.length);
        }
        assertThat(Utf8.firstInvalid("/ä/€/\ud83d\ude00".getBytes(StandardCharsets.UTF_8))).isEqualTo(-1);
    }

    @Test
    void rejectsPathsOverTheByteLimitAndEventsOverTheSizeLimit() {
        String cjk = "/" + "\u6f22".repeat(700); // 701 characters, 2,101 bytes
        assertThat(parse("{\"eventId\":\"e\",\"path\":\"" + cjk + "\"" + VALID_TAIL)).isInstanceOf(ParseOutcome.Invalid.class);
        String big = "{\"eventId\":\"e\",\"path\":\"/a\",\"pad\":\"" + "x".repeat(EventParser.MAX_EVENT_BYTES) + "\"" + VALID_TAIL;
        assertThat(parse(big)).isEqualTo(new ParseOutcome.Invalid(InvalidReason.INVALID_VALUE,
                "the event is " + big.length() + " bytes; at most " + EventParser.MAX_EVENT_BYTES + " are accepted"));
    }
}
