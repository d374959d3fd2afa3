package io.pathstats.common.event;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The published JSON Schema of the event contract (schema/traffic-event.schema.json) and the
 * validator the pipeline runs agree on a corpus of good and bad events that covers every
 * dead-letter reason a producer's event can get. The schema cannot know the clock, so events
 * outside the time window (in_future, too_late) are valid to it and refused by the pipeline, as
 * the schema's description says; the two reasons the writers give (rejected_by_database,
 * corrupt_record) are never about an event as the producer sent it.
 */
class SchemaAgreementTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    private static final Set<InvalidReason> BEYOND_THE_SCHEMA = EnumSet.of(InvalidReason.IN_FUTURE, InvalidReason.TOO_LATE);

    private final EventParser parser = new EventParser(Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofDays(3));
    private final Schema schema = schema();

    private static Schema schema() {
        try {
            return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
                    .getSchema(Files.readString(Path.of("..", "schema", "traffic-event.schema.json")), InputFormat.JSON);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private boolean schemaAccepts(String event) {
        try {
            return schema.validate(event, InputFormat.JSON, ctx -> ctx.executionConfig(c -> c.formatAssertionsEnabled(true))).isEmpty();
        } catch (RuntimeException notJson) {
            return false; // what is not JSON cannot match any schema
        }
    }

    private static String expand(String template) {
        return template.replace("${NOW}", NOW.toString())
                .replace("${NOW_MS}", Long.toString(NOW.toEpochMilli()))
                .replace("${NOW_OFFSET}", NOW.atOffset(ZoneOffset.ofHours(2)).toString())
                .replace("${FUTURE}", NOW.plus(Duration.ofMinutes(6)).toString())
                .replace("${OLD}", NOW.minus(Duration.ofDays(4)).toString())
                .replace("${ID_129}", "i".repeat(129))
                .replace("${PATH_2047}", "p".repeat(2047))
                .replace("${PATH_2048}", "p".repeat(2048));
    }

    @Test
    void theSchemaAndTheValidatorAgreeOnEveryCaseOfTheCorpus() throws Exception {
        JsonNode corpus;
        try (InputStream in = getClass().getResourceAsStream("/contract/corpus.json")) {
            corpus = JSON.readTree(in);
        }
        Set<InvalidReason> covered = EnumSet.noneOf(InvalidReason.class);
        for (JsonNode c : corpus) {
            String event = expand(c.get("event").asText());
            InvalidReason expected = c.get("reason").isNull() ? null : InvalidReason.valueOf(c.get("reason").asText().toUpperCase());
            ParseOutcome outcome = parser.parse(event.getBytes(StandardCharsets.UTF_8));
            InvalidReason given = outcome instanceof ParseOutcome.Invalid invalid ? invalid.reason() : null;
            assertThat(given).as("the validator on " + abbreviate(event)).isEqualTo(expected);
            boolean validToSchema = expected == null || BEYOND_THE_SCHEMA.contains(expected);
            assertThat(schemaAccepts(event)).as("the schema on " + abbreviate(event)).isEqualTo(validToSchema);
            if (expected != null) {
                covered.add(expected);
            }
        }
        assertThat(covered).as("every reason a producer's event can get").isEqualTo(InvalidReason.VALIDATION);
    }

    private static String abbreviate(String s) {
        return s.length() > 160 ? s.substring(0, 160) + "..." : s;
    }
}
