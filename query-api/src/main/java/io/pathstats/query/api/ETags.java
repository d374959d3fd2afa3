package io.pathstats.query.api;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Entity tags of the query API's answers (RFC 9110): a digest of what identifies the content, and If-None-Match. */
public final class ETags {
    private ETags() {
    }

    /** A strong tag: the bytes are the content. */
    public static String strong(byte[] content) {
        return "\"" + digest(content) + "\"";
    }

    /** A weak tag: the bytes identify the data, not the exact representation (which may carry the time of the answer). */
    public static String weak(byte[] identity) {
        return "W/" + strong(identity);
    }

    /** If-None-Match holds one or more entity tags, or *; weak comparison, as RFC 9110 asks for it. */
    public static boolean matches(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null) {
            return false;
        }
        String bare = etag.startsWith("W/") ? etag.substring(2) : etag;
        for (String tag : ifNoneMatch.split(",")) {
            String t = tag.trim();
            if (t.equals("*") || t.equals(bare) || (t.startsWith("W/") && t.substring(2).equals(bare))) {
                return true;
            }
        }
        return false;
    }

    private static String digest(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content), 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
