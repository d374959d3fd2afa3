package io.pathstats.query.routes;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.config.RoutesConfig;
import io.pathstats.common.ops.AdminAuth;
import io.pathstats.common.ops.ApiError;
import io.pathstats.common.ops.ServiceRoutes;
import io.pathstats.common.route.RouteRule;
import io.pathstats.common.route.RouteRules;
import io.pathstats.common.route.RouteRulesStore;
import io.pathstats.query.api.RouteRulesBody;
import java.util.List;

/**
 * {@code GET} and {@code PUT /routes/rules} (both with the admin token): the operator rules of route
 * templates. A PUT is checked whole (a bad pattern is a 400 naming the rule and the position) and
 * stored as a new version; every pipeline instance applies it within seconds.
 */
public final class RouteRulesRoutes implements ServiceRoutes {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RouteRulesStore store;
    private final AdminAuth auth;

    public RouteRulesRoutes(RouteRulesStore store, AdminAuth auth) {
        this.store = store;
        this.auth = auth;
    }

    @Override
    public void addTo(RoutesConfig routes) {
        routes.get("/routes/rules", ctx -> {
            auth.require(ctx);
            ctx.json(body(store.current()));
        });
        routes.put("/routes/rules", ctx -> {
            auth.require(ctx);
            List<RouteRule> rules;
            try {
                rules = RouteRules.parse(JSON.readTree(ctx.body()));
            } catch (RouteRules.Invalid e) {
                throw new ApiError(400, "invalid_rules", e.getMessage());
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new ApiError(400, "invalid_body", "the body must be JSON: " + e.getOriginalMessage());
            }
            ctx.json(body(store.replace(rules, "admin@" + ctx.req().getRemoteAddr())));
        });
    }

    private static RouteRulesBody body(RouteRules r) {
        return new RouteRulesBody(r.version(), r.rules().stream().map(x -> new RouteRulesBody.Rule(x.pattern(), x.keepRaw())).toList(),
                r.changedAt(), r.changedBy());
    }
}
