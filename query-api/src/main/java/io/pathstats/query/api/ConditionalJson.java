package io.pathstats.query.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Answers a JSON body with a weak ETag of the data it carries, and 304 without a body when the
 * client's If-None-Match names it: a dashboard polling every few seconds gets the same data
 * revalidated for a few hundred bytes. {@code Cache-Control: no-cache} makes every poll ask.
 */
public final class ConditionalJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ConditionalJson() {
    }

    /**
     * @param body       what is sent
     * @param identity   the parts of it that identify the data (without the time of the answer or
     *                   ages that change while the data does not)
     */
    public static void answer(Context ctx, Object body, Object identity) {
        String etag = etag(identity);
        ctx.header("ETag", etag);
        ctx.header("Cache-Control", "no-cache");
        String asked = ctx.header("If-None-Match");
        if (asked != null && matches(asked, etag)) {
            ctx.status(304);
            return;
        }
        ctx.json(body);
    }

    static String etag(Object identity) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(JSON.writeValueAsString(identity).getBytes(StandardCharsets.UTF_8));
            return "W/\"" + HexFormat.of().formatHex(digest, 0, 12) + "\"";
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** If-None-Match holds one or more entity tags, or *; weak comparison, as RFC 9110 asks for it. */
    private static boolean matches(String ifNoneMatch, String etag) {
        String bare = etag.substring(2);
        for (String tag : ifNoneMatch.split(",")) {
            String t = tag.trim();
            if (t.equals("*") || t.equals(etag) || t.equals(bare) || (t.startsWith("W/") && t.substring(2).equals(bare))) {
                return true;
            }
        }
        return false;
    }
}
