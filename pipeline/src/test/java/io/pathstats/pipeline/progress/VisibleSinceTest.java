package io.pathstats.pipeline.progress;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class VisibleSinceTest {
    private static final Instant T0 = Instant.parse("2026-12-04T10:00:00Z");

    private static Instant at(int seconds) {
        return T0.plusSeconds(seconds);
    }

    @Test
    void caughtUpIsZeroAndABacklogAgesFromTheSampleThatFirstSawIt() {
        VisibleSince v = new VisibleSince();
        v.sampled(100, at(0));
        assertThat(v.oldestUnconsumedAge(99, 1, at(0))).isEqualTo(Duration.ZERO); // only the marker left

        v.sampled(150, at(5));
        v.sampled(200, at(10));
        // the group is at 99: the record at 100 was first readable in the sample at 5 s
        assertThat(v.oldestUnconsumedAge(99, 1, at(12))).isEqualTo(Duration.ofSeconds(7));
        // it consumed up to 160: the oldest left was first seen at 10 s
        assertThat(v.oldestUnconsumedAge(160, 1, at(12))).isEqualTo(Duration.ofSeconds(2));
        assertThat(v.oldestUnconsumedAge(199, 1, at(20))).isEqualTo(Duration.ZERO);

        // new records after being caught up age from the sample that saw them
        v.sampled(230, at(30));
        assertThat(v.oldestUnconsumedAge(199, 1, at(45))).isEqualTo(Duration.ofSeconds(15));
    }

    @Test
    void aPartitionThatNeverDrainsKeepsItsOldestTimeWithinABoundedMemory() {
        VisibleSince v = new VisibleSince();
        v.sampled(10, at(0));
        v.sampled(20, at(1));
        for (int i = 2; i < 5 * VisibleSince.MAX_ENTRIES; i++) {
            v.sampled(10L * (i + 1), at(i));
        }
        assertThat(v.oldestUnconsumedAge(5, 1, at(10_000))).isEqualTo(Duration.ofSeconds(10_000));
    }
}
