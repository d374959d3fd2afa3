package io.pathstats.query;

import io.javalin.config.RoutesConfig;
import io.pathstats.common.ops.ServiceRoutes;
import io.pathstats.query.paths.PathsReader;
import io.pathstats.query.paths.PathsRequest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** HTTP routes of the query API. */
public final class QueryApiRoutes implements ServiceRoutes {
    private final PathsReader reader;

    public QueryApiRoutes(PathsReader reader) {
        this.reader = reader;
    }

    @Override
    public void addTo(RoutesConfig routes) {
        routes.get("/paths", ctx -> {
            Map<String, String> params = new HashMap<>();
            for (Map.Entry<String, List<String>> e : ctx.queryParamMap().entrySet()) {
                params.put(e.getKey(), e.getValue().isEmpty() ? null : e.getValue().get(0));
            }
            ctx.json(reader.read(PathsRequest.parse(params), "new"));
        });
    }
}
