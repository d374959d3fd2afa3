package io.pathstats.pipeline;

/**
 * A count over the last hour, in one-minute slots: what a dashboard shows as "dead letters in the
 * last hour" without keeping a time series itself. Cheap enough for the events it counts (dead
 * letters, not every event).
 */
final class LastHour {
    private static final int SLOTS = 60;
    private static final long SLOT_MS = 60_000;

    private final long[] counts = new long[SLOTS];
    private final long[] minutes = new long[SLOTS];

    synchronized void add(long nowMs) {
        long minute = nowMs / SLOT_MS;
        int slot = (int) (minute % SLOTS);
        if (minutes[slot] != minute) {
            minutes[slot] = minute;
            counts[slot] = 0;
        }
        counts[slot]++;
    }

    /** The count of the 60 minutes up to and including the current one. */
    synchronized long total(long nowMs) {
        long minute = nowMs / SLOT_MS;
        long sum = 0;
        for (int i = 0; i < SLOTS; i++) {
            if (minutes[i] > minute - SLOTS && minutes[i] <= minute) {
                sum += counts[i];
            }
        }
        return sum;
    }
}
