package io.pathstats.common.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IsoInstantsTest {
    @Test
    void agreesWithInstantParseOnRandomInstantsOfEveryPrecision() {
        Random random = new Random(1);
        for (int i = 0; i < 20_000; i++) {
            Instant at = Instant.ofEpochSecond(random.nextInt(2_000_000_000), random.nextInt(1_000_000_000));
            int digits = random.nextInt(10);
            Instant truncated = at.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).plusNanos(at.getNano() / (int) Math.pow(10, 9 - digits) * (int) Math.pow(10, 9 - digits));
            String text = truncated.toString();
            assertThat(IsoInstants.parse(text)).as(text).isEqualTo(Instant.parse(text));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-11-22T03:24:32+01:00", "2026-11-22T03:24:32.5-05:30"})
    void otherFormsFallBackToInstantParse(String text) {
        assertThat(IsoInstants.parse(text)).isEqualTo(Instant.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-02-30T00:00:00Z", "2026-13-01T00:00:00Z", "2026-11-22T24:00:00Z", "2026-11-22T03:24:3xZ",
            "2026-11-22T03:24:32.Z", "2026-11-22T03:24:32.1234567890Z", "2026-11-22 03:24:32Z"})
    void oddInputsBehaveExactlyAsWithInstantParse(String text) {
        Instant expected;
        try {
            expected = Instant.parse(text);
        } catch (DateTimeParseException e) {
            assertThatThrownBy(() -> IsoInstants.parse(text)).isInstanceOf(DateTimeParseException.class);
            return;
        }
        assertThat(IsoInstants.parse(text)).isEqualTo(expected);
    }

    @Test
    void rejectsImpossibleDates() {
        assertThatThrownBy(() -> IsoInstants.parse("2026-02-30T00:00:00Z")).isInstanceOf(DateTimeParseException.class);
        assertThatThrownBy(() -> IsoInstants.parse("2026-11-22T03:24:3xZ")).isInstanceOf(DateTimeParseException.class);
    }
}
