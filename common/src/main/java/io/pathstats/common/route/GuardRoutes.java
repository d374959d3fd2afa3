package io.pathstats.common.route;


/** The names the cardinality guard gives: part of the API contract, so dashboards can pick them out. */
public final class GuardRoutes {
    /** The route of the events beyond a proxy's cap of routes in an hour. */
    public static final String OVERFLOW = "/{overflow}";
    /** The segment of a position the guard collapsed. */
    public static final String VARIABLE = "{var}";

    private GuardRoutes() {
    }
}
