package io.pathstats.query.api;

import java.util.List;

/**
 * The body of {@code GET /paths/compare}: the top paths of both read paths side by side.
 *
 * @param accuracy  percent of compared paths that matched, 100 when there were none
 * @param tolerance the relative difference of requests still counted as a match
 */
public record CompareResponse(int totalPaths, int matchedPaths, double accuracy, double tolerance, List<Diff> diffs) {

    /**
     * A route that did not match.
     *
     * @param issue missing_in_new, missing_in_legacy or count_mismatch; the side that lacks it has null requests
     */
    public record Diff(String route, String proxyId, String issue, Long legacyRequests, Long newRequests, double errorRate) {
    }
}
