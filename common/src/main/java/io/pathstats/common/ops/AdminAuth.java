package io.pathstats.common.ops;

import io.javalin.http.Context;
import io.pathstats.common.config.Settings;

/** Bearer-token check for admin and config-changing calls; no token configured means those calls are refused. */
public final class AdminAuth {
    private final BearerToken token;

    public AdminAuth(String token) {
        this.token = new BearerToken(token, Settings.ADMIN_TOKEN);
    }

    public void require(Context ctx) {
        if (!token.isSet()) {
            throw new ApiError(403, "admin_disabled", "admin calls are disabled: set " + Settings.ADMIN_TOKEN + " on the server");
        }
        token.check(ctx);
    }
}
