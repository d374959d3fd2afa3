package io.pathstats.query.paths;

import io.pathstats.common.event.EventParser;
import io.pathstats.common.ops.QueryParams;
import java.util.Map;
import java.util.Set;

/** The validated query of {@code GET /paths}; bad values are answered with 400 naming the parameter. */
public record PathsRequest(String q, String proxyId, int page, int limit) {
    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 200;
    public static final int MAX_PAGE = 100_000;
    private static final Set<String> KNOWN = Set.of("q", "proxyId", "page", "limit");

    public static PathsRequest parse(Map<String, String> raw) {
        QueryParams params = QueryParams.of(raw, KNOWN);
        String q = params.text("q", EventParser.MAX_PATH);
        String proxyId = params.text("proxyId", EventParser.MAX_PROXY_ID);
        int page = params.integer("page", 1, 1, MAX_PAGE);
        int limit = params.integer("limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
        return new PathsRequest(q, proxyId, page, limit);
    }

    public int offset() {
        return (page - 1) * limit;
    }
}
