package io.pathstats.common.event;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * Why an event went to the dead-letter topic; the lower-case name is the header value and metric tag.
 * The first six are the contract's (validation); {@code REJECTED_BY_DATABASE} is an event PostgreSQL
 * refused although it passed validation (the writer's error is the detail), and {@code CORRUPT_RECORD}
 * a record on the validated topic that is not in its format (written by something other than the
 * validation stream).
 */
public enum InvalidReason {
    NOT_JSON, MISSING_FIELD, WRONG_TYPE, INVALID_VALUE, IN_FUTURE, TOO_LATE, REJECTED_BY_DATABASE, CORRUPT_RECORD;

    /** What the contract's validation can give an event as a producer sent it (the writers give the others). */
    public static final Set<InvalidReason> VALIDATION = Collections.unmodifiableSet(
            EnumSet.of(NOT_JSON, MISSING_FIELD, WRONG_TYPE, INVALID_VALUE, IN_FUTURE, TOO_LATE));

    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}
