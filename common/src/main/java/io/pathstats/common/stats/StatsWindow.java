package io.pathstats.common.stats;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** A range of whole UTC hours [start, end) that statistics are merged over. */
public record StatsWindow(Instant start, Instant end) {
    public static final Duration LENGTH = Duration.ofHours(24);
    /** The longest window a query may ask for; the daily rollup covers this many days back. */
    public static final int MAX_DAYS = 90;

    /** "The last 24 h" in hour buckets: the current hour and the 23 before it. */
    public static StatsWindow last24Hours(Instant now) {
        return last(LENGTH, now);
    }

    /** The current hour and the ones before it, {@code length} in all. */
    public static StatsWindow last(Duration length, Instant now) {
        Instant endHour = now.truncatedTo(ChronoUnit.HOURS).plus(Duration.ofHours(1));
        return new StatsWindow(endHour.minus(length), endHour);
    }

    /** The hours that [from, to) touches: from rounded down, to rounded up to whole hours. */
    public static StatsWindow covering(Instant from, Instant to) {
        Instant end = to.truncatedTo(ChronoUnit.HOURS);
        return new StatsWindow(from.truncatedTo(ChronoUnit.HOURS), end.equals(to) ? end : end.plus(Duration.ofHours(1)));
    }

    public Duration length() {
        return Duration.between(start, end);
    }
}
