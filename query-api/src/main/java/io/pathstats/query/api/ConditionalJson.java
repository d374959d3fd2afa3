package io.pathstats.query.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;

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
        if (ETags.matches(ctx.header("If-None-Match"), etag)) {
            ctx.status(304);
            return;
        }
        ctx.json(body);
    }

    static String etag(Object identity) {
        try {
            return ETags.weak(JSON.writeValueAsString(identity).getBytes(StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
