package io.pathstats.ingest.api;

import java.util.List;

/**
 * The 202 answer of POST /events: how many events Kafka acknowledged, how many were refused, and
 * why (the first {@link #MAX_ERRORS} refusals; {@code rejected} counts them all).
 */
public record IngestResponse(int accepted, int rejected, List<RejectedEvent> errors) {
    public static final int MAX_ERRORS = 100;

    /**
     * @param line   the event's line in an NDJSON body, or its position (from 1) in a JSON array
     * @param reason the dead-letter reason the pipeline would have given it (not_json, missing_field, ...)
     */
    public record RejectedEvent(int line, String reason, String detail) {
    }
}
