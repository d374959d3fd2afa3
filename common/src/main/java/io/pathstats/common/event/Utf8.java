package io.pathstats.common.event;


/**
 * Strict UTF-8 (RFC 3629): no overlong forms (C0 AF for '/'), no encoded surrogates, nothing above
 * U+10FFFF, no truncated sequences. JSON is UTF-8 by definition, and the JSON parser decodes some
 * malformed sequences leniently, so an overlong '/' would reach PostgreSQL as a path it was never
 * sent. A plain loop with an ASCII fast path: this runs for every event.
 */
public final class Utf8 {
    private Utf8() {
    }

    /** The offset of the first byte that is not part of a valid sequence, or -1 if all of {@code b} is valid. */
    public static int firstInvalid(byte[] b) {
        int i = 0;
        int n = b.length;
        while (i < n) {
            int c = b[i];
            if (c >= 0) {
                i++;
                continue;
            }
            c &= 0xff;
            int length;
            int min;
            int max = 0xbf;
            if (c >= 0xc2 && c <= 0xdf) {
                length = 2;
                min = 0x80;
            } else if (c >= 0xe0 && c <= 0xef) {
                length = 3;
                min = c == 0xe0 ? 0xa0 : 0x80; // E0 80..9F would be overlong
                max = c == 0xed ? 0x9f : 0xbf; // ED A0..BF would encode a surrogate
            } else if (c >= 0xf0 && c <= 0xf4) {
                length = 4;
                min = c == 0xf0 ? 0x90 : 0x80; // F0 80..8F would be overlong
                max = c == 0xf4 ? 0x8f : 0xbf; // F4 90.. would exceed U+10FFFF
            } else {
                return i; // a continuation byte without a lead, C0/C1 (always overlong) or F5..FF
            }
            if (i + length > n) {
                return i;
            }
            int second = b[i + 1] & 0xff;
            if (second < min || second > max) {
                return i;
            }
            for (int k = 2; k < length; k++) {
                if ((b[i + k] & 0xc0) != 0x80) {
                    return i;
                }
            }
            i += length;
        }
        return -1;
    }
}
