package io.pathstats.query.paths;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pathstats.common.ops.ApiError;
import io.pathstats.common.stats.PathOrder;
import io.pathstats.common.stats.StatsWindow;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PathsRequestTest {
    @Test
    void defaults() {
        PathsRequest r = PathsRequest.parse(Map.of());
        assertThat(r).isEqualTo(new PathsRequest(null, null, 1, 50));
        assertThat(r.offset()).isZero();
        assertThat(PathsRequest.parse(Map.of("page", "3", "limit", "20")).offset()).isEqualTo(40);
    }

    @Test
    void badValuesAre400NamingTheParameter() {
        assertThatThrownBy(() -> PathsRequest.parse(Map.of("limit", "201")))
                .isInstanceOfSatisfying(ApiError.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.code()).isEqualTo("invalid_limit");
                });
        assertThatThrownBy(() -> PathsRequest.parse(Map.of("page", "0"))).hasMessageContaining("page");
        assertThatThrownBy(() -> PathsRequest.parse(Map.of("page", "x"))).hasMessageContaining("page");
        assertThatThrownBy(() -> PathsRequest.parse(Map.of("sort", "asc"))).hasMessageContaining("sort");
    }

    @Test
    void windowsAndOrders() {
        Instant now = Instant.parse("2026-12-03T10:17:00Z");
        PathsRequest week = PathsRequest.parse(Map.of("window", "7d", "sort", "P95", "order", "ASC"));
        assertThat(week.window().resolve(now)).isEqualTo(new StatsWindow(Instant.parse("2026-11-26T11:00:00Z"), Instant.parse("2026-12-03T11:00:00Z")));
        assertThat(week.order()).isEqualTo(new PathOrder(PathOrder.Sort.P95, true));
        assertThat(week.isLegacyShaped()).isFalse();
        PathsRequest range = PathsRequest.parse(Map.of("from", "2026-12-01T08:30:00Z", "to", "2026-12-02T08:00:00Z"));
        assertThat(range.window().resolve(now)).as("rounded out to whole hours")
                .isEqualTo(new StatsWindow(Instant.parse("2026-12-01T08:00:00Z"), Instant.parse("2026-12-02T08:00:00Z")));
        assertThat(PathsRequest.parse(Map.of("from", "2026-12-03T08:30:00Z")).window().resolve(now).end())
                .as("up to now").isEqualTo(Instant.parse("2026-12-03T11:00:00Z"));
        assertThat(PathsRequest.parse(Map.of("window", "24h")).isLegacyShaped()).isTrue();
        assertThatThrownBy(() -> PathsRequest.parse(Map.of("window", "90d"))).hasMessageContaining("1h, 6h, 24h, 7d, 30d");
    }
}
