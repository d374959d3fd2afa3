package io.pathstats.query.api;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The body of {@code GET /paths/migration-status}: what each read path served, and how the comparisons went. */
public record RolloutStatusResponse(RolloutConfigBody config, @JsonProperty("new") RouteStats newRoute, RouteStats legacy, long fallbacks,
                                    Comparisons comparisons) {

    /** @param meanLatencyMs null before the route answered a request */
    public record RouteStats(long hits, long errors, Double meanLatencyMs) {
    }

    /** @param passRate 1.0 before the first comparison */
    public record Comparisons(long total, long passed, double passRate) {
    }
}
