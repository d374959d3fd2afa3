package io.pathstats.common.route;


/** The route an event is counted under and who named it. */
public record Routed(String route, RouteSource source) {
    /** The route the producer sent. */
    public static Routed byProducer(String route) {
        return new Routed(route, RouteSource.PRODUCER);
    }
}
