package io.pathstats.pipeline.progress;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * When the records of one partition became readable, at the resolution of the samples: each sample
 * that saw the last stable offset grow remembers (offset, time). The oldest record a group has not
 * consumed (the one at its committed offset) was readable by the first remembered time whose offset
 * lies beyond it, so its age is at least now minus that time. Entries the group has consumed are
 * dropped; a partition that never drains keeps at most {@link #MAX_ENTRIES}, dropping the younger
 * ones first so that the oldest time survives.
 */
final class VisibleSince {
    static final int MAX_ENTRIES = 1_000;

    private record Seen(long offset, Instant at) {
    }

    private final Deque<Seen> seen = new ArrayDeque<>();

    /** The last stable offset as sampled at {@code at}. */
    void sampled(long stableOffset, Instant at) {
        if (seen.isEmpty() || seen.getLast().offset() < stableOffset) {
            if (seen.size() >= MAX_ENTRIES) {
                Seen oldest = seen.removeFirst();
                seen.removeFirst();
                seen.addFirst(oldest);
            }
            seen.addLast(new Seen(stableOffset, at));
        }
    }

    /**
     * The age at {@code now} of the oldest record at or after {@code committed} (records up to
     * {@code committed + slack} count as consumed: a transaction marker is never delivered);
     * zero when everything readable is consumed.
     */
    Duration oldestUnconsumedAge(long committed, long slack, Instant now) {
        while (!seen.isEmpty() && seen.getFirst().offset() <= committed + slack) {
            if (seen.size() == 1) {
                return Duration.ZERO; // keep the newest: it is the reference for the next growth
            }
            seen.removeFirst();
        }
        if (seen.isEmpty()) {
            return Duration.ZERO;
        }
        Duration age = Duration.between(seen.getFirst().at(), now);
        return age.isNegative() ? Duration.ZERO : age;
    }
}
