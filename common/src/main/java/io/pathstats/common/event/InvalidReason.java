package io.pathstats.common.event;

/** Why an event went to the dead-letter topic; the lower-case name is the header value and metric tag. */
public enum InvalidReason {
    NOT_JSON, MISSING_FIELD, WRONG_TYPE, INVALID_VALUE, IN_FUTURE, TOO_LATE;

    public String tag() {
        return name().toLowerCase();
    }
}
