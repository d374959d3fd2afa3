package io.pathstats.query.rollout.report;

import io.pathstats.common.ops.QueryParams;
import io.pathstats.query.api.CompareResponse;
import io.pathstats.query.api.PathsResponse.PathItem;
import io.pathstats.query.api.PathsResponse;
import io.pathstats.query.legacy.LegacyPaths;
import io.pathstats.query.paths.PathsReader;
import io.pathstats.query.paths.PathsRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * GET /paths/compare: the top paths by requests as the legacy and the new path see them, side by
 * side. A path is matched when both have it and the counts differ by at most 1% (or one request).
 * Both lists are cut at the same rank, so a path near the cut can miss on one side: the report
 * says which, with both counts, so an operator can tell a boundary effect from a real gap.
 */
public final class CompareReport {
    private static final int MAX_TOP = 1000;

    private final PathsReader newPath;
    private final LegacyPaths legacy;

    public CompareReport(PathsReader newPath, LegacyPaths legacy) {
        this.newPath = newPath;
        this.legacy = legacy;
    }

    public CompareResponse compare(Map<String, String> params) throws Exception {
        int top = QueryParams.of(params, Set.of("top")).integer("top", 200, 1, MAX_TOP);
        Map<String, PathItem> legacyTop = collect(top, true);
        Map<String, PathItem> newTop = collect(top, false);
        List<CompareResponse.Diff> diffs = new ArrayList<>();
        int matched = 0;
        for (Map.Entry<String, PathItem> e : legacyTop.entrySet()) {
            PathItem l = e.getValue();
            PathItem n = newTop.get(e.getKey());
            if (n == null) {
                diffs.add(diff(l, "missing_in_new", l.requestCount(), null, l.errorRate()));
            } else if (!CountTolerance.matches(l.requestCount(), n.requestCount())) {
                diffs.add(diff(l, "count_mismatch", l.requestCount(), n.requestCount(), n.errorRate()));
            } else {
                matched++;
            }
        }
        for (Map.Entry<String, PathItem> e : newTop.entrySet()) {
            if (!legacyTop.containsKey(e.getKey())) {
                PathItem n = e.getValue();
                diffs.add(diff(n, "missing_in_legacy", null, n.requestCount(), n.errorRate()));
            }
        }
        int total = matched + diffs.size();
        return new CompareResponse(total, matched, total == 0 ? 100.0 : Math.round(10000.0 * matched / total) / 100.0, CountTolerance.RELATIVE,
                diffs);
    }

    private Map<String, PathItem> collect(int top, boolean fromLegacy) throws Exception {
        Map<String, PathItem> out = new LinkedHashMap<>();
        for (int page = 1; out.size() < top; page++) {
            PathsRequest request = new PathsRequest(null, null, page, Math.min(PathsRequest.MAX_LIMIT, top));
            PathsResponse r = fromLegacy ? legacy.read(request) : newPath.read(request, "new");
            for (PathItem i : r.data()) {
                if (out.size() < top) {
                    out.put(i.route() + " " + i.proxyId(), i);
                }
            }
            if (!r.pagination().hasNext()) {
                break;
            }
        }
        return out;
    }

    private static CompareResponse.Diff diff(PathItem item, String issue, Long legacyRequests, Long newRequests, double errorRate) {
        return new CompareResponse.Diff(item.route(), item.proxyId(), issue, legacyRequests, newRequests, errorRate);
    }
}
