package io.pathstats.common.ops;

import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** Bearer-token check for admin and config-changing calls; no token configured means those calls are refused. */
public final class AdminAuth {
    private final byte[] token;

    public AdminAuth(String token) {
        this.token = token.getBytes(StandardCharsets.UTF_8);
    }

    public void require(Context ctx) {
        if (token.length == 0) {
            throw new ApiError(403, "admin_disabled", "admin calls are disabled: set PATHSTATS_ADMIN_TOKEN on the server");
        }
        String header = ctx.header("Authorization");
        if (header == null || !header.startsWith("Bearer ")) {
            ctx.header("WWW-Authenticate", "Bearer");
            throw new ApiError(401, "unauthorized", "send Authorization: Bearer <PATHSTATS_ADMIN_TOKEN>");
        }
        byte[] given = header.substring("Bearer ".length()).trim().getBytes(StandardCharsets.UTF_8);
        // constant-time comparison: the token must not leak through response timing
        if (!MessageDigest.isEqual(given, token)) {
            throw new ApiError(403, "forbidden", "the bearer token is not valid");
        }
    }
}
