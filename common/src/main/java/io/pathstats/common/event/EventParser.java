package io.pathstats.common.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/**
 * Checks raw event bytes against the contract (DESIGN.md, "Event contract"). Never throws: every
 * problem becomes an {@link ParseOutcome.Invalid} with a reason and a detail a producer can act on.
 */
public final class EventParser {
    public static final int MAX_EVENT_ID = 128;
    public static final int MAX_PATH = 2048;
    public static final int MAX_PROXY_ID = 128;
    public static final Duration MAX_FUTURE = Duration.ofMinutes(5);
    /** RFC 9110 token characters; real methods are short. */
    private static final Pattern METHOD = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]{1,32}");
    private static final ObjectMapper JSON = new ObjectMapper();

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
        JsonNode root;
        try {
            root = JSON.readTree(raw);
        } catch (JsonProcessingException e) {
            return invalid(InvalidReason.NOT_JSON, "not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            return invalid(InvalidReason.NOT_JSON, "unreadable: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            return invalid(InvalidReason.NOT_JSON, "the event must be a JSON object");
        }
        try {
            return new ParseOutcome.Valid(toEvent(root));
        } catch (Rejected r) {
            return r.outcome;
        }
    }

    private TrafficEvent toEvent(JsonNode root) {
        String eventId = requiredText(root, "eventId");
        if (eventId.isEmpty() || eventId.length() > MAX_EVENT_ID) {
            throw reject(InvalidReason.INVALID_VALUE, "eventId must be 1.." + MAX_EVENT_ID + " characters");
        }
        Instant occurredAt = occurredAt(root);
        String path = stripQuery(requiredText(root, "path"));
        if (!path.startsWith("/")) {
            throw reject(InvalidReason.INVALID_VALUE, "path must start with /");
        }
        if (path.length() > MAX_PATH) {
            throw reject(InvalidReason.INVALID_VALUE, "path longer than " + MAX_PATH + " characters");
        }
        String method = requiredText(root, "method");
        if (!METHOD.matcher(method).matches()) {
            throw reject(InvalidReason.INVALID_VALUE, "method must be an HTTP method token such as GET");
        }
        int status = requiredInt(root, "status");
        if (status < 100 || status > 599) {
            throw reject(InvalidReason.INVALID_VALUE, "status must be 100..599, was " + status);
        }
        Integer latency = null;
        JsonNode latencyNode = root.get("latencyMs");
        if (latencyNode != null && !latencyNode.isNull()) {
            if (!latencyNode.canConvertToInt() || !latencyNode.isIntegralNumber()) {
                throw reject(InvalidReason.WRONG_TYPE, "latencyMs must be a whole number of milliseconds");
            }
            latency = latencyNode.intValue();
            if (latency < 0) {
                throw reject(InvalidReason.INVALID_VALUE, "latencyMs must be >= 0");
            }
        }
        String proxyId = TrafficEvent.DEFAULT_PROXY_ID;
        JsonNode proxyNode = root.get("proxyId");
        if (proxyNode != null && !proxyNode.isNull()) {
            if (!proxyNode.isTextual()) {
                throw reject(InvalidReason.WRONG_TYPE, "proxyId must be a string");
            }
            proxyId = proxyNode.textValue();
            if (proxyId.isEmpty() || proxyId.length() > MAX_PROXY_ID) {
                throw reject(InvalidReason.INVALID_VALUE, "proxyId must be 1.." + MAX_PROXY_ID + " characters");
            }
        }
        return new TrafficEvent(eventId, occurredAt, path, method.toUpperCase(), status, latency, proxyId);
    }

    private Instant occurredAt(JsonNode root) {
        JsonNode node = root.get("occurredAt");
        if (node == null || node.isNull()) {
            throw reject(InvalidReason.MISSING_FIELD, "occurredAt is required");
        }
        Instant at;
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            at = Instant.ofEpochMilli(node.longValue());
        } else if (node.isTextual()) {
            try {
                at = Instant.parse(node.textValue());
            } catch (DateTimeParseException e) {
                throw reject(InvalidReason.WRONG_TYPE, "occurredAt must be an ISO-8601 instant such as 2026-01-01T12:00:00Z or epoch millis");
            }
        } else {
            throw reject(InvalidReason.WRONG_TYPE, "occurredAt must be an ISO-8601 instant string or epoch millis");
        }
        Instant now = clock.instant();
        if (at.isAfter(now.plus(MAX_FUTURE))) {
            throw reject(InvalidReason.IN_FUTURE, "occurredAt is more than " + MAX_FUTURE.toMinutes() + " minutes in the future");
        }
        if (at.isBefore(now.minus(retention))) {
            throw reject(InvalidReason.TOO_LATE, "occurredAt is older than the detail retention of " + retention.toDays() + " days");
        }
        return at;
    }

    private static String requiredText(JsonNode root, String field) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            throw reject(InvalidReason.MISSING_FIELD, field + " is required");
        }
        if (!node.isTextual()) {
            throw reject(InvalidReason.WRONG_TYPE, field + " must be a string");
        }
        return node.textValue();
    }

    private static int requiredInt(JsonNode root, String field) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            throw reject(InvalidReason.MISSING_FIELD, field + " is required");
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt()) {
            throw reject(InvalidReason.WRONG_TYPE, field + " must be a whole number");
        }
        return node.intValue();
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
