package io.pathstats.query.legacy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.pathstats.query.api.PathsResponse;
import io.pathstats.query.paths.PathsRequest;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

/** The existing /paths service being replaced (PATHSTATS_LEGACY_URL), called with a timeout. */
public final class HttpLegacyPaths implements LegacyPaths {
    private static final ObjectMapper JSON = JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    private final URI base;
    private final Duration timeout;
    private final HttpClient http;

    public HttpLegacyPaths(URI base, Duration timeout) {
        this.base = base;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    /** A legacy /paths service knows the last 24 h by requests only (q, proxyId, page, limit). */
    @Override
    public boolean answers(PathsRequest request) {
        return request.isLegacyShaped();
    }

    @Override
    public PathsResponse read(PathsRequest r) throws Exception {
        StringBuilder query = new StringBuilder("page=" + r.page() + "&limit=" + r.limit());
        if (r.q() != null) {
            query.append("&q=").append(URLEncoder.encode(r.q(), StandardCharsets.UTF_8));
        }
        if (r.proxyId() != null) {
            query.append("&proxyId=").append(URLEncoder.encode(r.proxyId(), StandardCharsets.UTF_8));
        }
        URI uri = URI.create(base.toString().replaceAll("/$", "") + "/paths?" + query);
        HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(uri).timeout(timeout).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("legacy /paths at " + base + " answered " + response.statusCode());
        }
        PathsResponse body = JSON.readValue(response.body(), PathsResponse.class);
        String now = Instant.now().toString();
        return new PathsResponse(true, body.data(), body.pagination(),
                new PathsResponse.Metadata("legacy", "legacy", null, now, 0, null, null, null), now);
    }
}
