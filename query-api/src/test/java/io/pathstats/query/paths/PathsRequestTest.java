package io.pathstats.query.paths;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pathstats.common.ops.ApiError;
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
}
