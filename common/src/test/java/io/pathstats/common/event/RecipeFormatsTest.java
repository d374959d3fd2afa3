package io.pathstats.common.event;

import static org.assertj.core.api.Assertions.assertThat;

import io.pathstats.client.TrafficEvent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The gateway recipes' log lines are events of the contract. nginx is exercised end to end by
 * ops/recipes/nginx/e2e.sh; Envoy is not packaged in Debian, so its json_format is checked here
 * against lines as Envoy writes them for that format (keys sorted, numbers unquoted).
 */
class RecipeFormatsTest {
    private final EventParser parser = new EventParser(Clock.fixed(Instant.parse("2026-12-04T10:16:00Z"), ZoneOffset.UTC), Duration.ofDays(3));

    @Test
    void everyLineOfTheEnvoySampleIsAValidEvent() throws Exception {
        List<String> lines = Files.readAllLines(Path.of("..", "ops", "recipes", "envoy", "sample-pathstats.ndjson"));
        assertThat(lines).hasSize(3);
        for (String line : lines) {
            assertThat(parser.parse(line.getBytes(StandardCharsets.UTF_8))).as(line).isInstanceOf(ParseOutcome.Valid.class);
        }
        TrafficEvent first = ((ParseOutcome.Valid) parser.parse(lines.get(0).getBytes(StandardCharsets.UTF_8))).event();
        assertThat(first.path()).isEqualTo("/api/v1/users/42");
        assertThat(first.latencyUs()).isEqualTo(12_000);
    }

    @Test
    void theEnvoyFormatNamesEveryFieldOfTheContractItFills() throws Exception {
        String config = Files.readString(Path.of("..", "ops", "recipes", "envoy", "pathstats-access-log.yaml"));
        for (String field : List.of("eventId", "occurredAt", "path", "method", "status", "latencyMs", "proxyId")) {
            assertThat(config).contains("          " + field + ": \"%");
        }
    }
}
