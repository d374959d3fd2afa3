package io.pathstats.pipeline.validate;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Whether this process sees an input record for the first time. Under exactly-once a stream
 * thread that fails (or a transaction that aborts) processes the same records again; their outcome
 * lands in the output topics once, and the counters must grow once too. Per input partition the
 * highest offset counted so far is kept, shared by the threads that process that partition in turn.
 */
final class FirstSight {
    private final ConcurrentMap<String, AtomicLong> highestCounted = new ConcurrentHashMap<>();

    boolean firstTime(String topic, int partition, long offset) {
        AtomicLong highest = highestCounted.computeIfAbsent(topic + "-" + partition, k -> new AtomicLong(-1));
        return highest.getAndAccumulate(offset, Math::max) < offset;
    }
}
