package io.pathstats.client;

import java.time.Instant;

/**
 * One HTTP request seen by a gateway or proxy, as validated against the event contract.
 * {@code latencyUs} is the latency in microseconds (the contract's {@code latencyMs} is a decimal of
 * milliseconds, kept to the microsecond), null when the producer did not measure it; {@code route}
 * is the template the request's path belongs to ("/users/{id}"), null until the producer or the
 * pipeline names it.
 */
public record TrafficEvent(String eventId, Instant occurredAt, String path, String method, int status,
                           Long latencyUs, String proxyId, String route) {
    public static final String DEFAULT_PROXY_ID = "default";
    /** The longest latency the contract accepts: one hour. */
    public static final long MAX_LATENCY_US = 3_600_000_000L;

    /** An event whose route is not named yet, its latency in whole milliseconds. */
    public TrafficEvent(String eventId, Instant occurredAt, String path, String method, int status, Integer latencyMs, String proxyId) {
        this(eventId, occurredAt, path, method, status, latencyMs == null ? null : latencyMs * 1000L, proxyId, null);
    }

    public TrafficEvent withRoute(String newRoute) {
        return new TrafficEvent(eventId, occurredAt, path, method, status, latencyUs, proxyId, newRoute);
    }

    /** The route, or the path itself when none was named (rows stored before routes existed). */
    public String routeOrPath() {
        return route == null ? path : route;
    }

    public boolean isServerError() {
        return status >= 500;
    }

    public boolean isClientError() {
        return status >= 400 && status < 500;
    }
}
