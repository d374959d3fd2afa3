package io.pathstats.pipeline.validate;

/** Headers added to a dead-lettered event; the original key, value and headers are kept as they were. */
public final class DlqHeaders {
    /** Machine-readable reason: not_json, missing_field, wrong_type, invalid_value, in_future, too_late. */
    public static final String REASON = "pathstats.dlq.reason";
    /** What was wrong, in words a producer can act on. */
    public static final String DETAIL = "pathstats.dlq.detail";
    /** topic-partition@offset of the original record. */
    public static final String SOURCE = "pathstats.dlq.source";

    private DlqHeaders() {
    }
}
