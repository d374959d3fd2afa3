package io.pathstats.query.api;

import java.util.List;

/** The body of {@code GET /paths/examples}: raw paths recently counted under a route, the most frequent first. */
public record ExamplesResponse(boolean success, String route, String proxyId, int hours, List<Example> examples) {
    public record Example(String path, long requests, String lastSeen) {
    }
}
