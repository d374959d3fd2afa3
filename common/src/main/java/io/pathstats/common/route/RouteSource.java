package io.pathstats.common.route;


/**
 * Who named an event's route, as stored with every detail row (traffic_events.route_source, one
 * byte). It decides what may change the route later: a producer's route is kept as it is; a rule's
 * is derived again when the rules change; only a route of the built-in classes is subject to the
 * cardinality guard, so a keep-raw rule is never collapsed.
 */
public enum RouteSource {
    PRODUCER('p'),
    RULE('r'),
    CLASSES('c');

    private final char code;

    RouteSource(char code) {
        this.code = code;
    }

    /** The stored byte; a NULL (rows stored before sources existed) counts as {@link #CLASSES}. */
    public char code() {
        return code;
    }
}
