package io.pathstats.query.paths;

import io.pathstats.common.ops.ApiError;
import java.util.Map;
import java.util.Set;

/** The validated query of {@code GET /paths}; bad values are answered with 400 naming the parameter. */
public record PathsRequest(String q, String proxyId, int page, int limit) {
    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 200;
    public static final int MAX_PAGE = 100_000;
    private static final Set<String> KNOWN = Set.of("q", "proxyId", "page", "limit");

    public static PathsRequest parse(Map<String, String> params) {
        for (String name : params.keySet()) {
            if (!KNOWN.contains(name)) {
                throw ApiError.badRequest("parameter", "unknown query parameter '" + name + "'; use q, proxyId, page, limit");
            }
        }
        String q = blankToNull(params.get("q"));
        if (q != null && q.length() > 2048) {
            throw ApiError.badRequest("q", "q must be at most 2048 characters");
        }
        String proxyId = blankToNull(params.get("proxyId"));
        if (proxyId != null && proxyId.length() > 128) {
            throw ApiError.badRequest("proxyId", "proxyId must be at most 128 characters");
        }
        int page = intParam(params, "page", 1, 1, MAX_PAGE);
        int limit = intParam(params, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
        return new PathsRequest(q, proxyId, page, limit);
    }

    public int offset() {
        return (page - 1) * limit;
    }

    private static int intParam(Map<String, String> params, String name, int defaultValue, int min, int max) {
        String raw = params.get(name);
        if (raw == null || raw.isBlank()) {
            return defaultValue;
        }
        try {
            int v = Integer.parseInt(raw.trim());
            if (v < min || v > max) {
                throw ApiError.badRequest(name, name + " must be between " + min + " and " + max + ", was " + raw);
            }
            return v;
        } catch (NumberFormatException e) {
            throw ApiError.badRequest(name, name + " must be a whole number between " + min + " and " + max + ", was '" + raw + "'");
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
