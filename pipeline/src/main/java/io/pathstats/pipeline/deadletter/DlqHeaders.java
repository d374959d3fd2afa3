package io.pathstats.pipeline.deadletter;


/** Headers added to a dead-lettered event; the original key, value and headers are kept as they were. */
public final class DlqHeaders {
    /** Machine-readable reason: an {@link io.pathstats.common.event.InvalidReason} tag. */
    public static final String REASON = "pathstats.dlq.reason";
    /** What was wrong, in words a producer can act on. */
    public static final String DETAIL = "pathstats.dlq.detail";
    /** topic-partition@offset of the original record. */
    public static final String SOURCE = "pathstats.dlq.source";
    /**
     * "true" when the original was too large for the dead-letter topic: the value then holds its
     * first bytes only, {@link #ORIGINAL_SIZE} and {@link #SHA256} describe the whole.
     */
    public static final String TRUNCATED = "pathstats.dlq.truncated";
    public static final String ORIGINAL_SIZE = "pathstats.dlq.original-size";
    /** Hex SHA-256 of the original value, to match a truncated dead letter with what the producer sent. */
    public static final String SHA256 = "pathstats.dlq.sha256";

    private DlqHeaders() {
    }
}
