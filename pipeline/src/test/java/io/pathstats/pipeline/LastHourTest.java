package io.pathstats.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LastHourTest {
    private static final long MINUTE = 60_000;

    @Test
    void countsTheLastSixtyMinutesAndForgetsOlderOnes() {
        LastHour h = new LastHour();
        long t0 = 1_764_000_000_000L;
        h.add(t0);
        h.add(t0 + 1);
        h.add(t0 + 30 * MINUTE);
        assertThat(h.total(t0 + 30 * MINUTE)).isEqualTo(3);
        assertThat(h.total(t0 + 59 * MINUTE)).isEqualTo(3);
        assertThat(h.total(t0 + 60 * MINUTE)).as("the first minute left the hour").isEqualTo(1);
        h.add(t0 + 120 * MINUTE); // reuses the slot of minute 0 and of minute 60
        assertThat(h.total(t0 + 120 * MINUTE)).isEqualTo(1);
        assertThat(h.total(t0 + 200 * MINUTE)).isZero();
    }
}
