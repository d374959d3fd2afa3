package io.pathstats.common.event;

import java.time.Instant;
import java.time.LocalDate;

/**
 * Parses ISO-8601 instants. The form producers nearly always send, {@code 2026-11-22T03:24:32.123Z},
 * is read directly (DateTimeFormatter costs several microseconds per event on the hot path);
 * anything else, offsets included, goes to {@link Instant#parse} with its exact semantics.
 */
public final class IsoInstants {
    private IsoInstants() {
    }

    public static Instant parse(String s) {
        int n = s.length();
        if (n < 20 || n > 30 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T'
                || s.charAt(13) != ':' || s.charAt(16) != ':' || s.charAt(n - 1) != 'Z') {
            return Instant.parse(s);
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 2);
        int day = digits(s, 8, 2);
        int hour = digits(s, 11, 2);
        int minute = digits(s, 14, 2);
        int second = digits(s, 17, 2);
        int nano = 0;
        if (n > 20) {
            int fraction = n - 21;
            if (s.charAt(19) != '.' || fraction < 1 || fraction > 9) {
                return Instant.parse(s);
            }
            int f = digits(s, 20, fraction);
            if (f < 0) {
                return Instant.parse(s);
            }
            nano = f * POW10[9 - fraction];
        }
        if ((year | month | day | hour | minute | second) < 0 || month < 1 || month > 12 || day < 1 || hour > 23
                || minute > 59 || second > 59 || day > LocalDate.of(year, month, 1).lengthOfMonth()) {
            return Instant.parse(s); // throws the usual DateTimeParseException
        }
        long epochDay = LocalDate.of(year, month, day).toEpochDay();
        return Instant.ofEpochSecond(epochDay * 86_400 + hour * 3_600L + minute * 60L + second, nano);
    }

    private static final int[] POW10 = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000};

    /** The decimal value of s[from, from+len), or -1 if any character is not a digit. */
    private static int digits(String s, int from, int len) {
        int v = 0;
        for (int i = from; i < from + len; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }
}
