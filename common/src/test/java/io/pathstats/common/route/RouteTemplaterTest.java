package io.pathstats.common.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;

class RouteTemplaterTest {
    @Test
    void theCorpusOfRealWorldShapedUrlsGetsItsExpectedRoutes() throws Exception {
        List<String[]> cases = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                Objects.requireNonNull(getClass().getResourceAsStream("/routes/corpus.tsv")), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    cases.add(line.split("\t", 2));
                }
            }
        }
        assertThat(cases).hasSizeGreaterThanOrEqualTo(300);
        RouteTemplater templater = RouteTemplater.builtIn();
        List<String> wrong = new ArrayList<>();
        for (String[] c : cases) {
            String route = templater.route(c[0]);
            if (!route.equals(c[1])) {
                wrong.add(c[0] + " -> " + route + " (expected " + c[1] + ")");
            }
        }
        assertThat(wrong).isEmpty();
    }

    @Test
    void aPathThatKeepsItsShapeIsReturnedItself() {
        String path = "/api/v1/products";
        assertThat(RouteTemplater.builtIn().route(path)).isSameAs(path);
    }

    @Test
    void theFirstMatchingRuleWinsAndKeepRawRulesKeepThePath() {
        RouteTemplater t = new RouteTemplater(List.of(
                new RouteRule("/internal/**", true),
                new RouteRule("/api/v1/users/{id}", false),
                new RouteRule("/users/{id}/orders", false),
                new RouteRule("/static/**", false),
                new RouteRule("/{tenant}/dashboard", false)));
        assertThat(t.route("/internal/jobs/48213")).isEqualTo("/internal/jobs/48213");
        assertThat(t.route("/api/v1/users/alice")).as("a rule names what the classes would not").isEqualTo("/api/v1/users/{id}");
        assertThat(t.route("/users/42/orders")).isEqualTo("/users/{id}/orders");
        assertThat(t.route("/users/42/orders/7")).as("no rule: built-in classes").isEqualTo("/users/{id}/orders/{id}");
        assertThat(t.route("/static/js/app.3f9a12c4be77d0a1.js")).isEqualTo("/static/**");
        assertThat(t.route("/static")).as("** also matches nothing").isEqualTo("/static/**");
        assertThat(t.route("/static/")).isEqualTo("/static/**");
        assertThat(t.route("/acme/dashboard")).isEqualTo("/{tenant}/dashboard");
        assertThat(t.route("//dashboard")).as("{name} needs a non-empty segment").isEqualTo("//dashboard");
        assertThat(t.derive("/internal/jobs/48213")).as("a keep-raw rule names its route too")
                .isEqualTo(new Routed("/internal/jobs/48213", RouteSource.RULE));
        assertThat(t.derive("/users/42/orders/7")).isEqualTo(new Routed("/users/{id}/orders/{id}", RouteSource.CLASSES));
    }

    @Test
    void badPatternsNameThePosition() {
        assertThatThrownBy(() -> new RouteRule("users/{id}", false)).isInstanceOfSatisfying(RouteRule.InvalidPattern.class,
                e -> assertThat(e.position()).isZero());
        assertThatThrownBy(() -> new RouteRule("/a/**/b", false)).isInstanceOfSatisfying(RouteRule.InvalidPattern.class,
                e -> assertThat(e.position()).isEqualTo(3));
        assertThatThrownBy(() -> new RouteRule("/a/{i-d}", false)).isInstanceOfSatisfying(RouteRule.InvalidPattern.class,
                e -> assertThat(e.position()).isEqualTo(5));
        assertThatThrownBy(() -> new RouteRule("/a/b*c", false)).hasMessageContaining("'*'");
        assertThatThrownBy(() -> new RouteRule("/a//b", false)).hasMessageContaining("empty segment");
    }
}
