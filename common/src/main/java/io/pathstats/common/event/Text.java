package io.pathstats.common.event;

import java.util.Locale;

/** What text pathstats accepts from outside (event fields, query parameters), checked character by character (on the hot path, so no regex). */
public final class Text {
    private Text() {
    }

    /**
     * The index of the first character a text field must not hold, or -1: C0 controls and DEL
     * (PostgreSQL's text cannot hold NUL at all; the others have no place in a path or an id), and
     * surrogates that do not form a pair (a JSON escape such as \\ud800 alone is no character).
     */
    public static int firstForbidden(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                return i;
            }
            if (Character.isSurrogate(c)) {
                boolean paired = Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
                if (!paired) {
                    return i;
                }
                i++;
            }
        }
        return -1;
    }

    public static String describe(String s, int at) {
        return String.format(Locale.ROOT, "U+%04X", (int) s.charAt(at));
    }

    /** Bytes of the string in UTF-8 (valid pairs count 4, as {@link #firstForbidden} admits no unpaired one). */
    static int utf8Length(String s) {
        int bytes = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                bytes++;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c)) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }
}
