package io.pathstats.common.ops;

import io.javalin.http.Context;
import io.pathstats.common.event.Text;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The query parameters of one request, checked before anything reaches the database: unknown names,
 * control characters, numbers and instants out of range are a 400 naming the parameter.
 */
public final class QueryParams {
    /** Instants outside these years are refused: PostgreSQL cannot hold some, and none is meant. */
    private static final Instant EARLIEST = Instant.parse("1970-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

    private final Map<String, String> values;

    private QueryParams(Map<String, String> values) {
        this.values = values;
    }

    /** The first value of each parameter of {@code ctx}; fails on names not in {@code known}. */
    public static QueryParams of(Context ctx, Set<String> known) {
        Map<String, String> first = new HashMap<>();
        for (Map.Entry<String, List<String>> e : ctx.queryParamMap().entrySet()) {
            first.put(e.getKey(), e.getValue().isEmpty() ? null : e.getValue().get(0));
        }
        return of(first, known);
    }

    public static QueryParams of(Map<String, String> values, Set<String> known) {
        for (String name : values.keySet()) {
            if (!known.contains(name)) {
                throw ApiError.badRequest("parameter", "unknown query parameter '" + printable(name) + "'; use " + String.join(", ",
                        new TreeSet<>(known)));
            }
        }
        return new QueryParams(values);
    }

    /** Trimmed text, null when absent or blank; at most {@code maxLength} characters, no control characters. */
    public String text(String name, int maxLength) {
        String raw = values.get(name);
        if (raw == null || raw.isBlank()) {
            return null;
        }
        String s = raw.trim();
        if (s.length() > maxLength) {
            throw ApiError.badRequest(name, name + " must be at most " + maxLength + " characters");
        }
        int bad = Text.firstForbidden(s);
        if (bad >= 0) {
            throw ApiError.badRequest(name, name + " contains " + Text.describe(s, bad) + " at character " + bad
                    + "; control characters are not allowed");
        }
        return s;
    }

    public int integer(String name, int defaultValue, int min, int max) {
        String raw = values.get(name);
        if (raw == null || raw.isBlank()) {
            return defaultValue;
        }
        try {
            int v = Integer.parseInt(raw.trim());
            if (v < min || v > max) {
                throw ApiError.badRequest(name, name + " must be between " + min + " and " + max + ", was " + v);
            }
            return v;
        } catch (NumberFormatException e) {
            throw ApiError.badRequest(name, name + " must be a whole number between " + min + " and " + max + ", was '" + printable(raw) + "'");
        }
    }

    /** An ISO-8601 instant (2026-11-22T00:00:00Z) between the years 1970 and 9999. */
    public Instant instant(String name, Instant defaultValue) {
        String raw = values.get(name);
        if (raw == null || raw.isBlank()) {
            return defaultValue;
        }
        try {
            Instant at = Instant.parse(raw.trim());
            if (at.isBefore(EARLIEST) || at.isAfter(LATEST)) {
                throw ApiError.badRequest(name, name + " must lie between the years 1970 and 9999, was " + at);
            }
            return at;
        } catch (DateTimeException e) {
            throw ApiError.badRequest(name, name + " must be an ISO-8601 instant such as 2026-11-22T00:00:00Z, was '" + printable(raw) + "'");
        }
    }

    /** A value as it may be quoted back in an error message: control characters shown as U+XXXX, cut at 100. */
    static String printable(String raw) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < raw.length() && sb.length() < 100; i++) {
            char c = raw.charAt(i);
            sb.append(c < 0x20 || c == 0x7f || Character.isSurrogate(c) ? String.format("U+%04X", (int) c) : String.valueOf(c));
        }
        return sb.toString();
    }
}
