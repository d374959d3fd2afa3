package io.pathstats.query.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The JSON the query API's records make: field names and order are the contract dashboards code against. */
class ApiShapesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void rolloutStatusNamesTheNewRouteNew() {
        RolloutConfigBody config = new RolloutConfigBody(10, List.of("10.0.0.1"), List.of(), true, 5, "SHADOW", "2026-12-01T00:00:00Z", "admin");
        JsonNode status = JSON.valueToTree(new RolloutStatusResponse(config, new RolloutStatusResponse.RouteStats(3, 1, 2.5),
                new RolloutStatusResponse.RouteStats(7, 0, null), 1, new RolloutStatusResponse.Comparisons(4, 3, 0.75)));
        assertThat(fields(status)).containsExactly("config", "new", "legacy", "fallbacks", "comparisons");
        assertThat(fields(status.get("new"))).containsExactly("hits", "errors", "meanLatencyMs");
        assertThat(fields(status.get("comparisons"))).containsExactly("total", "passed", "passRate");
        assertThat(fields(status.get("config"))).containsExactly("newApiPercentage", "forceNewApiIps", "forceOldApiIps",
                "enableComparison", "comparisonEveryN", "phase", "updatedAt", "updatedBy");
        assertThat(status.get("legacy").get("meanLatencyMs").isNull()).isTrue();
    }

    @Test
    void compareTimeseriesAndPathsShapes() {
        JsonNode compare = JSON.valueToTree(new CompareResponse(2, 1, 50.0, 0.01,
                List.of(new CompareResponse.Diff("/a", "p", "missing_in_new", 5L, null, 0.0))));
        assertThat(fields(compare)).containsExactly("totalPaths", "matchedPaths", "accuracy", "tolerance", "diffs");
        assertThat(fields(compare.get("diffs").get(0))).containsExactly("route", "proxyId", "issue", "legacyRequests", "newRequests", "errorRate");

        JsonNode series = JSON.valueToTree(new TimeseriesResponse(true, "/a", null, "f", "t",
                List.of(new TimeseriesResponse.Point("2026-12-01T00:00:00Z", 3, 1, 0, 9.0, 8.0, 11.0, 12.5, 14.0, 20.0, false))));
        assertThat(fields(series)).containsExactly("success", "route", "proxyId", "from", "to", "data");
        assertThat(fields(series.get("data").get(0))).containsExactly("hour", "requests", "errors", "clientErrors", "avgLatencyMs",
                "p50LatencyMs", "p90LatencyMs", "p95LatencyMs", "p99LatencyMs", "maxLatencyMs", "latencyCoarse");

        JsonNode paths = JSON.valueToTree(new PathsResponse(true, List.of(new PathsResponse.PathItem("/a/{id}", "/a/{id}", "p", 10, 1, 0, 0.1, 2.0,
                        1.5, 2.5, 3.0, 4.0, 5.0, false, "x")),
                PathsResponse.Pagination.of(1, 50, 1), new PathsResponse.Metadata("snapshot", "new", 4L, "x", 2, 0L,
                        new PathsResponse.WindowBody("24h", "f", "t"), "requests desc"), "t"));
        assertThat(fields(paths)).containsExactly("success", "data", "pagination", "metadata", "timestamp");
        assertThat(fields(paths.get("data").get(0))).containsExactly("route", "path", "proxyId", "requestCount", "errorCount",
                "clientErrorCount", "errorRate", "avgLatencyMs", "p50LatencyMs", "p90LatencyMs", "p95LatencyMs", "p99LatencyMs", "maxLatencyMs",
                "latencyCoarse", "lastAccessed");
        assertThat(fields(paths.get("pagination"))).containsExactly("page", "limit", "total", "totalPages", "hasNext", "hasPrev");
        assertThat(fields(paths.get("metadata"))).containsExactly("dataSource", "route", "version", "timestamp", "ageSeconds", "overflowRequests",
                "window", "sort");
        assertThat(fields(paths.get("metadata").get("window"))).containsExactly("name", "from", "to");
    }

    static List<String> fields(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
