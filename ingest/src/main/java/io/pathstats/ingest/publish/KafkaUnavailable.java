package io.pathstats.ingest.publish;

import java.time.Duration;

/**
 * Kafka did not take every event of a request in time (down, slow, or the in-flight room is full).
 * The request is answered 503 with Retry-After and none of its events may be reported accepted;
 * some may have been stored all the same, which is safe: the client resends the same events and
 * the pipeline counts each (eventId, occurredAt) once.
 */
public final class KafkaUnavailable extends Exception {
    private final Duration retryAfter;

    public KafkaUnavailable(String message, Duration retryAfter, Throwable cause) {
        super(message, cause);
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
