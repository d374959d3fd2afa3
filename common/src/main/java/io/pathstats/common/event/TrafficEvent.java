package io.pathstats.common.event;

import java.time.Instant;

/**
 * One HTTP request seen by a gateway or proxy, as validated against the event contract.
 * {@code latencyMs} is null when the producer did not measure it.
 */
public record TrafficEvent(String eventId, Instant occurredAt, String path, String method, int status,
                           Integer latencyMs, String proxyId) {
    public static final String DEFAULT_PROXY_ID = "default";

    public boolean isServerError() {
        return status >= 500;
    }

    public boolean isClientError() {
        return status >= 400 && status < 500;
    }
}
