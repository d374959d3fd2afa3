package io.pathstats.common.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ErrorBodyTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void everyErrorHasTheSameEnvelope() throws Exception {
        JsonNode routeError = JSON.valueToTree(ErrorBody.of("invalid_limit", "limit must be between 1 and 200, was 500"));
        JsonNode jettyError = JSON.readTree(new String(JsonErrorPages.body(431, "Request Header Fields Too Large"), StandardCharsets.UTF_8));
        for (JsonNode e : new JsonNode[] {routeError, jettyError}) {
            assertThat(e.get("success").asBoolean(true)).isFalse();
            assertThat(e.get("error").get("code").asText()).isNotEmpty();
            assertThat(e.get("error").get("message").asText()).isNotEmpty();
            assertThat(e.get("timestamp").asText()).isNotEmpty();
        }
        assertThat(jettyError.at("/error/code").asText()).isEqualTo("headers_too_large");
        assertThat(ErrorBody.codeFor(405)).isEqualTo("method_not_allowed");
        assertThat(ErrorBody.codeFor(502)).isEqualTo("internal_error");
    }

    @Test
    void queryParametersAreCheckedBeforeUse() {
        QueryParams p = QueryParams.of(java.util.Map.of("q", "a\u0000b", "n", "7", "at", "+999999999-01-01T00:00:00Z"), java.util.Set.of("q", "n", "at"));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> p.text("q", 100)).hasMessageContaining("U+0000");
        assertThat(p.integer("n", 1, 1, 10)).isEqualTo(7);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> p.integer("n", 1, 1, 5)).hasMessageContaining("between 1 and 5");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> p.instant("at", null)).hasMessageContaining("1970 and 9999");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> QueryParams.of(java.util.Map.of("zz", "1"), java.util.Set.of("q")))
                .hasMessageContaining("unknown query parameter 'zz'");
    }
}
