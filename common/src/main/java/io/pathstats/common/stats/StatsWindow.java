package io.pathstats.common.stats;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** "The last 24 h" in hour buckets: the current hour and the 23 before it. */
public record StatsWindow(Instant start, Instant end) {
    public static final Duration LENGTH = Duration.ofHours(24);

    public static StatsWindow last24Hours(Instant now) {
        Instant endHour = now.truncatedTo(ChronoUnit.HOURS).plus(Duration.ofHours(1));
        return new StatsWindow(endHour.minus(LENGTH), endHour);
    }
}
