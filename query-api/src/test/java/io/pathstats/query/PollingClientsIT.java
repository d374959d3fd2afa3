package io.pathstats.query;

import static org.assertj.core.api.Assertions.assertThat;

import io.pathstats.common.config.HttpSettings;
import io.pathstats.testing.TestDatabase;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What a dashboard that polls, from its own origin, sees: an ETag per data version of /paths and
 * 304 without a body while it holds; CORS headers for the configured origins only.
 */
class PollingClientsIT {
    private static final String DASHBOARDS = "http://dashboards.example:3000";
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void pathsIsRevalidatedByETagAndCallableFromTheConfiguredOriginOnly() throws Exception {
        try (TestDatabase db = TestDatabase.migrated()) {
            db.execute("INSERT INTO path_stats_hourly (route, proxy_id, hour_bucket, requests, errors, client_errors, latency_count, "
                    + "latency_sum_us, last_seen) SELECT '/r/' || i, 'p', date_trunc('hour', now()), 100 + i, 0, 0, 0, 0, now() "
                    + "FROM generate_series(1, 5) i");
            // lists of the SQL path live 2 s: long enough for two requests to see the same data version
            try (RunningApi api = RunningApi.start(QueryApiConfig.of(Duration.ofMinutes(10), Duration.ofMillis(200)), db.dataSource(),
                    new HttpSettings("127.0.0.1", 0, "", List.of(DASHBOARDS)))) {
                HttpResponse<String> first = get(api.base() + "/paths?window=6h", null, null);
                assertThat(first.statusCode()).isEqualTo(200);
                String etag = first.headers().firstValue("ETag").orElseThrow();
                assertThat(etag).startsWith("W/\"");
                assertThat(first.headers().firstValue("Cache-Control")).contains("no-cache");

                HttpResponse<String> again = get(api.base() + "/paths?window=6h", etag, null);
                assertThat(again.statusCode()).isEqualTo(304);
                assertThat(again.body()).isEmpty();
                assertThat(get(api.base() + "/paths?window=6h&page=2&limit=2", etag, null).statusCode()).as("another page").isEqualTo(200);
                assertThat(get(api.base() + "/paths?window=6h", "W/\"0000\"", null).statusCode()).isEqualTo(200);

                // new data: a new version, so the old tag no longer matches once the shared list is rebuilt
                db.execute("UPDATE path_stats_hourly SET requests = requests + 1 WHERE route = '/r/1'");
                org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(300))
                        .until(() -> get(api.base() + "/paths?window=6h", etag, null).statusCode() == 200);

                HttpResponse<String> fromDashboards = get(api.base() + "/paths", null, DASHBOARDS);
                assertThat(fromDashboards.headers().firstValue("Access-Control-Allow-Origin")).contains(DASHBOARDS);
                HttpResponse<String> fromElsewhere = get(api.base() + "/paths", null, "http://evil.example");
                assertThat(fromElsewhere.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
                HttpResponse<String> preflight = http.send(HttpRequest.newBuilder(URI.create(api.base() + "/paths/migration-config"))
                        .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).header("Origin", DASHBOARDS)
                        .header("Access-Control-Request-Method", "PUT").header("Access-Control-Request-Headers", "authorization, content-type")
                        .build(), HttpResponse.BodyHandlers.ofString());
                assertThat(preflight.statusCode()).isBetween(200, 204);
                assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).contains(DASHBOARDS);
                assertThat(preflight.headers().firstValue("Access-Control-Allow-Headers").orElse("").toLowerCase()).contains("authorization");
            }
        }
    }

    private HttpResponse<String> get(String url, String ifNoneMatch, String origin) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url));
        if (ifNoneMatch != null) {
            b.header("If-None-Match", ifNoneMatch);
        }
        if (origin != null) {
            b.header("Origin", origin);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
