package io.pathstats.common.route;

import java.util.ArrayList;
import java.util.List;

/**
 * One operator rule: a pattern of literal segments, {@code {name}} (exactly one segment) and a
 * final {@code **} (everything after, possibly nothing). A matching path's route is the pattern
 * itself ("/api/v1/users/{id}", "/static/**"), or, for a keep-raw rule, the path as it is.
 */
public record RouteRule(String pattern, boolean keepRaw) {
    public static final int MAX_PATTERN = 512;

    /** A malformed pattern: {@code position} is the character where it goes wrong. */
    public static final class InvalidPattern extends IllegalArgumentException {
        private final int position;

        InvalidPattern(String message, int position) {
            super(message);
            this.position = position;
        }

        public int position() {
            return position;
        }
    }

    public RouteRule {
        segments(pattern); // validates
    }

    /** The pattern's segments, checked: literal text, {name} or a final **. */
    static List<String> segments(String pattern) {
        if (pattern == null || !pattern.startsWith("/")) {
            throw new InvalidPattern("a pattern starts with /", 0);
        }
        if (pattern.length() > MAX_PATTERN) {
            throw new InvalidPattern("a pattern is at most " + MAX_PATTERN + " characters", MAX_PATTERN);
        }
        List<String> out = new ArrayList<>();
        int start = 1;
        for (int i = 1; i <= pattern.length(); i++) {
            if (i == pattern.length() || pattern.charAt(i) == '/') {
                String segment = pattern.substring(start, i);
                check(pattern, segment, start, i == pattern.length());
                out.add(segment);
                start = i + 1;
            }
        }
        return out;
    }

    private static void check(String pattern, String segment, int at, boolean last) {
        if (segment.equals("**")) {
            if (!last) {
                throw new InvalidPattern("** may only end a pattern", at);
            }
            return;
        }
        if (segment.startsWith("{")) {
            if (!segment.endsWith("}") || segment.length() < 3) {
                throw new InvalidPattern("a variable is {name}", at);
            }
            for (int i = 1; i < segment.length() - 1; i++) {
                char c = segment.charAt(i);
                boolean ok = Character.isLetter(c) || c == '_' || (i > 1 && Character.isDigit(c));
                if (!ok) {
                    throw new InvalidPattern("a variable's name is letters, digits and _", at + i);
                }
            }
            return;
        }
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            if (c == '{' || c == '}' || c == '*' || c == '?' || c == '#' || c < 0x20 || c == 0x7f) {
                throw new InvalidPattern("'" + c + "' is not allowed in a literal segment (use {name} or a final **)", at + i);
            }
        }
        if (segment.isEmpty() && !last) {
            throw new InvalidPattern("empty segment (//)", at);
        }
    }
}
