package io.pathstats.query.paths;

import io.pathstats.common.event.EventParser;
import io.pathstats.common.ops.ApiError;
import io.pathstats.common.ops.QueryParams;
import io.pathstats.common.stats.PathOrder;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** The validated query of {@code GET /paths}; bad values are answered with 400 naming the parameter. */
public record PathsRequest(String q, String proxyId, int page, int limit, WindowParam window, PathOrder order) {
    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 200;
    public static final int MAX_PAGE = 100_000;
    private static final Set<String> KNOWN = Set.of("q", "proxyId", "page", "limit", "window", "from", "to", "sort", "order");

    /** The last 24 h by requests, as a legacy service answers. */
    public PathsRequest(String q, String proxyId, int page, int limit) {
        this(q, proxyId, page, limit, WindowParam.DEFAULT, PathOrder.BY_REQUESTS);
    }

    public static PathsRequest parse(Map<String, String> raw) {
        QueryParams params = QueryParams.of(raw, KNOWN);
        String q = params.text("q", EventParser.MAX_PATH);
        String proxyId = params.text("proxyId", EventParser.MAX_PROXY_ID);
        int page = params.integer("page", 1, 1, MAX_PAGE);
        int limit = params.integer("limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
        return new PathsRequest(q, proxyId, page, limit, WindowParam.parse(params), order(params));
    }

    private static PathOrder order(QueryParams params) {
        String sortName = params.text("sort", 32);
        PathOrder.Sort sort = sortName == null ? PathOrder.Sort.REQUESTS : PathOrder.Sort.byParameter(sortName);
        if (sort == null) {
            throw ApiError.badRequest("sort", "sort must be one of " + Arrays.stream(PathOrder.Sort.values())
                    .map(PathOrder.Sort::parameter).collect(Collectors.joining(", ")) + ", was '" + sortName + "'");
        }
        String order = params.text("order", 8);
        order = order == null ? null : order.toLowerCase(Locale.ROOT);
        if (order != null && !order.equals("asc") && !order.equals("desc")) {
            throw ApiError.badRequest("order", "order must be asc or desc, was '" + order + "'");
        }
        return new PathOrder(sort, "asc".equals(order));
    }

    public int offset() {
        return (page - 1) * limit;
    }

    /** What a legacy /paths service answers: the last 24 h by requests, most first. */
    public boolean isLegacyShaped() {
        return window.isDefault() && order.equals(PathOrder.BY_REQUESTS);
    }
}
