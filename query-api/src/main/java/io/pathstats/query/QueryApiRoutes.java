package io.pathstats.query;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.pathstats.common.ops.AdminAuth;
import io.pathstats.common.ops.ServiceRoutes;
import io.pathstats.query.api.ConditionalJson;
import io.pathstats.query.api.PathsResponse;
import io.pathstats.query.dashboard.DashboardFiles;
import io.pathstats.query.paths.Examples;
import io.pathstats.query.paths.PathsRequest;
import io.pathstats.query.paths.Timeseries;
import io.pathstats.query.rollout.config.ConfigChange;
import io.pathstats.query.rollout.config.RolloutConfig;
import io.pathstats.query.rollout.config.RolloutConfigCache;
import io.pathstats.query.rollout.config.RolloutConfigStore;
import io.pathstats.query.rollout.report.CompareReport;
import io.pathstats.query.rollout.report.RolloutStatus;
import io.pathstats.query.rollout.routing.ClientIpResolver;
import io.pathstats.query.rollout.routing.RoutedPaths;
import io.pathstats.query.routes.RouteRulesRoutes;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** HTTP routes of the query API. */
public final class QueryApiRoutes implements ServiceRoutes {
    private final RoutedPaths paths;
    private final ClientIpResolver clientIps;
    private final RolloutConfigStore configStore;
    private final RolloutConfigCache configs;
    private final RolloutStatus status;
    private final AdminAuth auth;
    private final CompareReport compare;
    private final Timeseries timeseries;
    private final Examples examples;
    private final RouteRulesRoutes ruleRoutes;
    private final DashboardFiles dashboard = new DashboardFiles();

    public QueryApiRoutes(RoutedPaths paths, ClientIpResolver clientIps, RolloutConfigStore configStore, RolloutConfigCache configs,
                          RolloutStatus status, AdminAuth auth, CompareReport compare, Timeseries timeseries, Examples examples,
                          RouteRulesRoutes ruleRoutes) {
        this.examples = examples;
        this.ruleRoutes = ruleRoutes;
        this.compare = compare;
        this.timeseries = timeseries;
        this.paths = paths;
        this.clientIps = clientIps;
        this.configStore = configStore;
        this.configs = configs;
        this.status = status;
        this.auth = auth;
    }

    @Override
    public void addTo(RoutesConfig routes) {
        dashboard.addTo(routes);
        routes.get("/paths", ctx -> {
            PathsResponse answer = paths.serve(PathsRequest.parse(params(ctx)), clientIp(ctx));
            ConditionalJson.answer(ctx, answer, answer.identity());
        });
        routes.get("/paths/migration-config", ctx -> ctx.json(configs.get().body()));
        routes.put("/paths/migration-config", ctx -> {
            auth.require(ctx);
            ConfigChange change = ConfigChange.parse(ctx.body());
            RolloutConfig updated = configStore.update(change::applyTo, "admin@" + clientIp(ctx));
            configs.set(updated);
            ctx.json(updated.body());
        });
        routes.get("/paths/migration-status", ctx -> ctx.json(status.report(configs.get())));
        routes.get("/paths/compare", ctx -> ctx.json(compare.compare(params(ctx))));
        routes.get("/paths/timeseries", ctx -> ctx.json(timeseries.query(params(ctx))));
        routes.get("/paths/examples", ctx -> ctx.json(examples.query(params(ctx))));
        ruleRoutes.addTo(routes);
    }

    private String clientIp(Context ctx) {
        return clientIps.resolve(ctx.req().getRemoteAddr(), ctx.header("X-Forwarded-For"));
    }

    private static Map<String, String> params(Context ctx) {
        Map<String, String> params = new HashMap<>();
        for (Map.Entry<String, List<String>> e : ctx.queryParamMap().entrySet()) {
            params.put(e.getKey(), e.getValue().isEmpty() ? null : e.getValue().get(0));
        }
        return params;
    }
}
