package io.pathstats.common.event;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.pathstats.client.TrafficEvent;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * Checks raw event bytes against the contract (README, "Event contract"). Never throws: every
 * problem becomes an {@link ParseOutcome.Invalid} with a reason and a detail a producer can act on.
 * Whatever passes can be stored as it is: strict UTF-8, no control characters in text, and text
 * short enough in bytes, not only in characters, for PostgreSQL's index entries.
 */
public final class EventParser {
    public static final int MAX_EVENT_ID = 128;
    public static final int MAX_PATH = 2048;
    /**
     * The path leads the aggregates' primary key with the proxy id; PostgreSQL refuses index entries
     * over 2,704 bytes, so the path's UTF-8 may be 2,048 bytes at most (the proxy's at most 512).
     */
    public static final int MAX_PATH_BYTES = 2048;
    public static final int MAX_PROXY_ID = 128;
    /** A producer-supplied route: the template its router matched, e.g. /users/{id}. */
    public static final int MAX_ROUTE = 512;
    /** No event in the contract comes near this; larger messages are rejected before they are parsed. */
    public static final int MAX_EVENT_BYTES = 64 * 1024;
    public static final Duration MAX_FUTURE = Duration.ofMinutes(5);
    /** Real methods are short. */
    private static final BigDecimal MAX_LATENCY_MS = BigDecimal.valueOf(TrafficEvent.MAX_LATENCY_US, 3).stripTrailingZeros();
    private static final int MAX_METHOD = 32;
    /** RFC 9110 token characters besides letters and digits. */
    private static final String TOKEN_SYMBOLS = "!#$%&'*+.^_`|~-";
    /** Streaming parse: no tree per event, this runs for every message on the hot path. */
    private static final JsonFactory JSON = new JsonFactory();

    private final Clock clock;
    private final Duration retention;

    /** @param retention how long detail rows are kept; older events cannot be deduplicated any more. */
    public EventParser(Clock clock, Duration retention) {
        this.clock = clock;
        this.retention = retention;
    }

    public ParseOutcome parse(byte[] raw) {
        if (raw == null || raw.length == 0) {
            return invalid(InvalidReason.NOT_JSON, "empty message");
        }
        if (raw.length > MAX_EVENT_BYTES) {
            return invalid(InvalidReason.INVALID_VALUE, "the event is " + raw.length + " bytes; at most " + MAX_EVENT_BYTES + " are accepted");
        }
        int badByte = Utf8.firstInvalid(raw);
        if (badByte >= 0) {
            return invalid(InvalidReason.NOT_JSON, "not valid UTF-8 at byte " + badByte
                    + " (malformed, overlong or surrogate sequence); JSON must be UTF-8");
        }
        try (JsonParser p = JSON.createParser(raw)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return invalid(InvalidReason.NOT_JSON, "the event must be a JSON object");
            }
            Fields f = new Fields();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                switch (name) {
                    case "eventId" -> f.eventId = text(p, value, name);
                    case "occurredAt" -> f.occurredAt = occurredAt(p, value);
                    case "path" -> f.path = text(p, value, name);
                    case "method" -> f.method = text(p, value, name);
                    case "status" -> f.status = integer(p, value, name);
                    case "latencyMs" -> f.latencyUs = latencyUs(p, value);
                    case "proxyId" -> f.proxyId = text(p, value, name);
                    case "route" -> f.route = text(p, value, name);
                    default -> p.skipChildren();
                }
            }
            // the whole message must be one well-formed object: trailing garbage is not an event
            if (p.nextToken() != null) {
                return invalid(InvalidReason.NOT_JSON, "unexpected content after the JSON object");
            }
            return new ParseOutcome.Valid(toEvent(f));
        } catch (Rejected r) {
            return r.outcome;
        } catch (JsonProcessingException e) {
            return invalid(InvalidReason.NOT_JSON, "not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            return invalid(InvalidReason.NOT_JSON, "unreadable: " + e.getMessage());
        }
    }

    /** Raw field values as read; null means absent or JSON null. */
    private static final class Fields {
        String eventId;
        Instant occurredAt;
        String path;
        String method;
        Integer status;
        Long latencyUs;
        String proxyId;
        String route;
    }

    private TrafficEvent toEvent(Fields f) {
        String eventId = required(f.eventId, "eventId");
        if (eventId.isEmpty() || eventId.length() > MAX_EVENT_ID) {
            throw reject(InvalidReason.INVALID_VALUE, "eventId must be 1.." + MAX_EVENT_ID + " characters");
        }
        Instant occurredAt = required(f.occurredAt, "occurredAt");
        Instant now = clock.instant();
        if (occurredAt.isAfter(now.plus(MAX_FUTURE))) {
            throw reject(InvalidReason.IN_FUTURE, "occurredAt is more than " + MAX_FUTURE.toMinutes() + " minutes in the future");
        }
        if (occurredAt.isBefore(now.minus(retention))) {
            throw reject(InvalidReason.TOO_LATE, "occurredAt is older than the detail retention of " + retention.toDays() + " days");
        }
        String path = stripQuery(required(f.path, "path"));
        if (!path.startsWith("/")) {
            throw reject(InvalidReason.INVALID_VALUE, "path must start with /");
        }
        if (path.length() > MAX_PATH || Text.utf8Length(path) > MAX_PATH_BYTES) {
            throw reject(InvalidReason.INVALID_VALUE, "path longer than " + MAX_PATH + " characters or " + MAX_PATH_BYTES + " bytes of UTF-8");
        }
        String method = required(f.method, "method");
        if (!isToken(method)) {
            throw reject(InvalidReason.INVALID_VALUE, "method must be an HTTP method token such as GET");
        }
        int status = required(f.status, "status");
        if (status < 100 || status > 599) {
            throw reject(InvalidReason.INVALID_VALUE, "status must be 100..599, was " + status);
        }
        String proxyId = f.proxyId == null ? TrafficEvent.DEFAULT_PROXY_ID : f.proxyId;
        if (proxyId.isEmpty() || proxyId.length() > MAX_PROXY_ID) {
            throw reject(InvalidReason.INVALID_VALUE, "proxyId must be 1.." + MAX_PROXY_ID + " characters");
        }
        if (f.route != null && (!f.route.startsWith("/") || f.route.length() > MAX_ROUTE || f.route.indexOf('?') >= 0
                || f.route.indexOf('#') >= 0)) {
            throw reject(InvalidReason.INVALID_VALUE, "route must start with /, be at most " + MAX_ROUTE
                    + " characters and hold no query string or fragment");
        }
        return new TrafficEvent(eventId, occurredAt, path, method.toUpperCase(Locale.ROOT), status, f.latencyUs, proxyId, f.route);
    }

    /** An RFC 9110 token of at most {@link #MAX_METHOD} characters (a loop: this runs for every event). */
    private static boolean isToken(String s) {
        if (s.isEmpty() || s.length() > MAX_METHOD) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean alphanumeric = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
            if (!alphanumeric && TOKEN_SYMBOLS.indexOf(c) < 0) {
                return false;
            }
        }
        return true;
    }

    private static <T> T required(T value, String field) {
        if (value == null) {
            throw reject(InvalidReason.MISSING_FIELD, field + " is required");
        }
        return value;
    }

    private static String text(JsonParser p, JsonToken token, String field) throws IOException {
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        if (token != JsonToken.VALUE_STRING) {
            p.skipChildren();
            throw reject(InvalidReason.WRONG_TYPE, field + " must be a string");
        }
        String text = p.getText();
        int bad = Text.firstForbidden(text);
        if (bad >= 0) {
            throw reject(InvalidReason.INVALID_VALUE, field + " contains " + Text.describe(text, bad) + " at character " + bad
                    + "; control characters and unpaired surrogates are not allowed");
        }
        return text;
    }

    /**
     * latencyMs: a whole or decimal number of milliseconds (nginx and Envoy report fractions), kept to
     * the microsecond (rounded half up), from 0 to one hour.
     */
    private static Long latencyUs(JsonParser p, JsonToken token) throws IOException {
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        if (token != JsonToken.VALUE_NUMBER_INT && token != JsonToken.VALUE_NUMBER_FLOAT) {
            p.skipChildren();
            throw reject(InvalidReason.WRONG_TYPE, "latencyMs must be a number of milliseconds such as 12 or 0.35");
        }
        BigDecimal ms = p.getDecimalValue();
        if (ms.signum() < 0 || ms.compareTo(MAX_LATENCY_MS) > 0) {
            throw reject(InvalidReason.INVALID_VALUE, "latencyMs must be between 0 and " + MAX_LATENCY_MS.toPlainString()
                    + " (one hour), was " + ms.toPlainString());
        }
        return ms.movePointRight(3).setScale(0, RoundingMode.HALF_UP).longValueExact();
    }

    private static Integer integer(JsonParser p, JsonToken token, String field) throws IOException {
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        if (token != JsonToken.VALUE_NUMBER_INT || p.getNumberType() != JsonParser.NumberType.INT) {
            p.skipChildren();
            throw reject(InvalidReason.WRONG_TYPE, field + " must be a whole number");
        }
        return p.getIntValue();
    }

    private static Instant occurredAt(JsonParser p, JsonToken token) throws IOException {
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        if (token == JsonToken.VALUE_NUMBER_INT && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
            return Instant.ofEpochMilli(p.getLongValue());
        }
        if (token == JsonToken.VALUE_STRING) {
            try {
                return IsoInstants.parse(p.getText());
            } catch (DateTimeParseException e) {
                throw reject(InvalidReason.WRONG_TYPE, "occurredAt must be an ISO-8601 instant such as 2026-01-01T12:00:00Z or epoch millis");
            }
        }
        p.skipChildren();
        throw reject(InvalidReason.WRONG_TYPE, "occurredAt must be an ISO-8601 instant string or epoch millis");
    }

    private static String stripQuery(String path) {
        int cut = path.indexOf('?');
        int hash = path.indexOf('#');
        if (hash >= 0 && (cut < 0 || hash < cut)) {
            cut = hash;
        }
        return cut >= 0 ? path.substring(0, cut) : path;
    }

    private static ParseOutcome invalid(InvalidReason reason, String detail) {
        return new ParseOutcome.Invalid(reason, detail);
    }

    private static Rejected reject(InvalidReason reason, String detail) {
        return new Rejected(new ParseOutcome.Invalid(reason, detail));
    }

    /** Control flow out of the nested checks; no stack trace needed. */
    private static final class Rejected extends RuntimeException {
        private final transient ParseOutcome.Invalid outcome;

        Rejected(ParseOutcome.Invalid outcome) {
            super(outcome.detail(), null, false, false);
            this.outcome = outcome;
        }
    }
}
