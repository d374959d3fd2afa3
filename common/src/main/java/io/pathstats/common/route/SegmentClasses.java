package io.pathstats.common.route;


/**
 * The built-in classes of path segments that name one thing of many: integers and long digit runs
 * ({id}), UUIDs with or without dashes ({uuid}), hex runs of 16+ characters and content hashes in
 * file names ({hash}), ISO dates ({date}), e-mail addresses ({email}), long base64/JWT-like tokens
 * ({token}). Words, slugs and versions ("products", "hello-world", "v2", "1.4.2") stay as they are.
 * Plain character loops, no regular expressions: this runs for every event.
 */
public final class SegmentClasses {
    public static final String ID = "{id}";
    public static final String UUID = "{uuid}";
    public static final String HASH = "{hash}";
    public static final String DATE = "{date}";
    public static final String EMAIL = "{email}";
    public static final String TOKEN = "{token}";
    /** Digit runs at least this long inside a segment are ids ("inv-2026113045" -> "inv-{id}"). */
    static final int DIGIT_RUN = 6;
    static final int HEX_RUN = 16;
    /** Shortest run treated as an opaque token when it mixes upper case, lower case and digits. */
    static final int TOKEN_LENGTH = 20;
    /** Shortest file-name part treated as a content hash (webpack's and vite's are 8). */
    static final int FILE_HASH = 8;

    private SegmentClasses() {
    }

    /** The segment's template: itself when no class applies (the same String instance). */
    public static String classify(String s) {
        int n = s.length();
        if (n == 0) {
            return s;
        }
        if (allDigits(s, 0, n)) {
            return ID;
        }
        if (isUuid(s)) {
            return UUID;
        }
        if (n >= HEX_RUN && allHex(s, 0, n) && hasDigit(s, 0, n)) {
            return HASH;
        }
        if (isIsoDate(s)) {
            return DATE;
        }
        if (isEmail(s)) {
            return EMAIL;
        }
        if (isToken(s)) {
            return TOKEN;
        }
        if (s.indexOf('.') > 0) {
            String file = fileWithHash(s);
            if (file != null) {
                return file;
            }
        }
        return replaceDigitRuns(s);
    }

    private static boolean allDigits(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return to > from;
    }

    private static boolean isHex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    private static boolean allHex(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            if (!isHex(s.charAt(i))) {
                return false;
            }
        }
        return to > from;
    }

    private static boolean hasDigit(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                return true;
            }
        }
        return false;
    }

    /** 8-4-4-4-12 hex with dashes (any version), or 32 hex digits. */
    private static boolean isUuid(String s) {
        if (s.length() == 32) {
            return allHex(s, 0, 32) && hasDigit(s, 0, 32);
        }
        if (s.length() != 36) {
            return false;
        }
        for (int i = 0; i < 36; i++) {
            char c = s.charAt(i);
            boolean dash = i == 8 || i == 13 || i == 18 || i == 23;
            if (dash ? c != '-' : !isHex(c)) {
                return false;
            }
        }
        return true;
    }

    /** 2026-12-03, optionally followed by a time: 2026-12-03T10:15:00Z, 2026-12-03T10:15:00.123+01:00. */
    private static boolean isIsoDate(String s) {
        int n = s.length();
        if (n < 10 || s.charAt(4) != '-' || s.charAt(7) != '-' || !allDigits(s, 0, 4) || !allDigits(s, 5, 7) || !allDigits(s, 8, 10)) {
            return false;
        }
        int month = (s.charAt(5) - '0') * 10 + (s.charAt(6) - '0');
        int day = (s.charAt(8) - '0') * 10 + (s.charAt(9) - '0');
        if (month < 1 || month > 12 || day < 1 || day > 31) {
            return false;
        }
        if (n == 10) {
            return true;
        }
        char t = s.charAt(10);
        if (t != 'T' && t != 't' && t != '_') {
            return false;
        }
        for (int i = 11; i < n; i++) {
            char c = s.charAt(i);
            if (!((c >= '0' && c <= '9') || c == ':' || c == '.' || c == 'Z' || c == 'z' || c == '+' || c == '-')) {
                return false;
            }
        }
        return true;
    }

    /** local@domain.tld, the @ also percent-encoded (%40). */
    private static boolean isEmail(String s) {
        int at = s.indexOf('@');
        int skip = 1;
        if (at < 0) {
            at = indexOfIgnoreCase(s, "%40");
            skip = 3;
        }
        if (at <= 0) {
            return false;
        }
        int dot = s.lastIndexOf('.');
        return dot > at + skip && dot < s.length() - 2;
    }

    private static int indexOfIgnoreCase(String s, String needle) {
        for (int i = 0; i + needle.length() <= s.length(); i++) {
            if (s.regionMatches(true, i, needle, 0, needle.length())) {
                return i;
            }
        }
        return -1;
    }

    /**
     * A JWT (three base64url parts, the first "eyJ...") or a long base64/base64url run that mixes
     * upper case, lower case and digits, as opaque tokens do and words and slugs do not.
     */
    private static boolean isToken(String s) {
        int n = s.length();
        if (n < TOKEN_LENGTH) {
            return false;
        }
        if (s.startsWith("eyJ") && s.indexOf('.') > 0 && s.indexOf('.', s.indexOf('.') + 1) > 0) {
            return true;
        }
        boolean upper = false;
        boolean lower = false;
        boolean digit = false;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                upper = true;
            } else if (c >= 'a' && c <= 'z') {
                lower = true;
            } else if (c >= '0' && c <= '9') {
                digit = true;
            } else if (c != '-' && c != '_' && c != '=' && c != '+' && c != '~' && !(c == '%' && i + 2 < n)) {
                return false;
            }
        }
        return upper && lower && digit;
    }

    /**
     * A file name with a content hash among its dot-, dash- or underscore-separated parts
     * ("app.3f9a12c4be77d0a1.js", "index-BxYz12Ab.js"), with the hash replaced; null when there is none.
     */
    private static String fileWithHash(String s) {
        int lastDot = s.lastIndexOf('.');
        int extension = s.length() - lastDot - 1;
        if (extension < 1 || extension > 5) {
            return null;
        }
        StringBuilder out = new StringBuilder(s.length());
        boolean replaced = false;
        int start = 0;
        for (int i = 0; i <= lastDot; i++) {
            char c = s.charAt(i);
            if (i == lastDot || c == '.' || c == '-' || c == '_') {
                if (looksLikeHash(s, start, i)) {
                    out.append(HASH);
                    replaced = true;
                } else {
                    out.append(s, start, i);
                }
                out.append(c);
                start = i + 1;
            }
        }
        return replaced ? out.append(s, lastDot + 1, s.length()).toString() : null;
    }

    /** Hex with a digit and a letter, or a mix of upper case, lower case and digits; at least {@link #FILE_HASH} long. */
    private static boolean looksLikeHash(String s, int from, int to) {
        if (to - from < FILE_HASH) {
            return false;
        }
        boolean upper = false;
        boolean lower = false;
        boolean digit = false;
        boolean hexOnly = true;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                digit = true;
            } else if (c >= 'a' && c <= 'z') {
                lower = true;
                hexOnly &= c <= 'f';
            } else if (c >= 'A' && c <= 'Z') {
                upper = true;
                hexOnly &= c <= 'F';
            } else {
                return false;
            }
        }
        return digit && (hexOnly ? (upper || lower) : (upper && lower));
    }

    /** Runs of {@link #DIGIT_RUN}+ digits inside the segment replaced by {id}; the segment itself when there are none. */
    private static String replaceDigitRuns(String s) {
        int n = s.length();
        StringBuilder out = null;
        int i = 0;
        int copied = 0;
        while (i < n) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                int j = i;
                while (j < n && s.charAt(j) >= '0' && s.charAt(j) <= '9') {
                    j++;
                }
                if (j - i >= DIGIT_RUN) {
                    if (out == null) {
                        out = new StringBuilder(n);
                    }
                    out.append(s, copied, i).append(ID);
                    copied = j;
                }
                i = j;
            } else {
                i++;
            }
        }
        return out == null ? s : out.append(s, copied, n).toString();
    }
}
