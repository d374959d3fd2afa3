package io.pathstats.common.ops;

import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** A bearer token a route checks, compared in constant time; {@code setting} names where it is configured. */
public final class BearerToken {
    private final byte[] token;
    private final String setting;

    public BearerToken(String token, String setting) {
        this.token = token.getBytes(StandardCharsets.UTF_8);
        this.setting = setting;
    }

    public boolean isSet() {
        return token.length > 0;
    }

    /** 401 without an Authorization header, 403 when its token is not this one. */
    public void check(Context ctx) {
        String header = ctx.header("Authorization");
        if (header == null || !header.startsWith("Bearer ")) {
            ctx.header("WWW-Authenticate", "Bearer");
            throw new ApiError(401, "unauthorized", "send Authorization: Bearer <" + setting + ">");
        }
        byte[] given = header.substring("Bearer ".length()).trim().getBytes(StandardCharsets.UTF_8);
        // constant-time comparison: the token must not leak through response timing
        if (!MessageDigest.isEqual(given, token)) {
            throw new ApiError(403, "forbidden", "the bearer token is not valid");
        }
    }
}
