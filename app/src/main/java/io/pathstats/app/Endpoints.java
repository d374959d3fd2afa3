package io.pathstats.app;

import io.pathstats.archiver.jobs.ArchiverJob;
import io.pathstats.common.config.HttpSettings;
import io.pathstats.common.config.KafkaSettings;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The start-up banner: every endpoint an operator needs, and how to publish an event. */
final class Endpoints {
    private static final Logger log = LoggerFactory.getLogger(Endpoints.class);

    /**
     * A line that publishes one valid event when pasted into bash in the repository: a fresh id and
     * the current time each time, so pasting it twice counts twice.
     */
    static final String PUBLISH_EXAMPLE = "echo \"{\\\"eventId\\\":\\\"e-$(date +%s%N)\\\",\\\"occurredAt\\\":\\\"$(date -u +%FT%TZ)\\\","
            + "\\\"path\\\":\\\"/api/users/42\\\",\\\"method\\\":\\\"GET\\\",\\\"status\\\":200,\\\"latencyMs\\\":12.5}\" | ./pathstats produce";

    private Endpoints() {
    }

    /** The HTTP roles a process serves besides /health and /metrics. */
    enum Role {
        QUERY_API, INGEST
    }

    static void log(String service, String host, int port, KafkaSettings kafka, Set<Role> roles) {
        String base = "http://" + host + ":" + port;
        StringBuilder sb = new StringBuilder();
        sb.append('\n').append("  ").append(service).append(" ready\n");
        if (roles.contains(Role.INGEST)) {
            sb.append("  POST ").append(base).append("/events   NDJSON or a JSON array of events; 202 once Kafka has them\n");
            sb.append("  POST ").append(base).append("/v1/traces   OTLP/HTTP traces (protobuf or JSON): SERVER spans become events\n");
        }
        if (roles.contains(Role.QUERY_API)) {
            sb.append("  GET  ").append(base).append("/   the dashboard (open it in a browser)\n");
            sb.append("  GET  ").append(base).append("/paths?q=&proxyId=&page=1&limit=50   top routes, last 24 h\n");
            sb.append("  GET  ").append(base).append("/paths/timeseries?route=/api/v1/users/{id}   hourly requests, errors, p95 of one route\n");
            sb.append("  GET  ").append(base).append("/paths/examples?route=/api/v1/users/{id}   raw paths counted under a route\n");
            sb.append("  GET|PUT ").append(base).append("/routes/rules   route template rules (bearer token)\n");
            sb.append("  GET  ").append(base).append("/paths/compare   legacy vs new read path\n");
            sb.append("  GET  ").append(base).append("/paths/migration-status   per-route hits, fallbacks, comparisons\n");
            sb.append("  GET|PUT ").append(base).append("/paths/migration-config   canary (PUT needs the bearer token)\n");
        }
        sb.append("  GET  ").append(base).append("/health    per-dependency status (503 when not ready)\n");
        sb.append("  GET  ").append(base).append("/metrics   Prometheus metrics\n");
        sb.append("  GET  ").append(base).append("/openapi.json   OpenAPI description of every endpoint\n");
        if (kafka != null) {
            sb.append("  Kafka ").append(kafka.bootstrap()).append("  topic ").append(kafka.topic())
                    .append(" (dead letters: ").append(kafka.dlqTopic()).append(")\n");
            sb.append("  publish one event (paste into bash):\n    ").append(PUBLISH_EXAMPLE).append('\n');
        }
        log.info(sb.toString());
    }

    static void logAdmin(HttpSettings http, int port) {
        String base = "http://" + http.host() + ":" + port;
        log.info("\n  GET  {}/admin/jobs              schedules, next fire, last run\n"
                        + "  GET  {}/admin/jobs/runs         run history\n"
                        + "  GET  {}/admin/storage           table and partition sizes, archive state\n"
                        + "  POST {}/admin/jobs/{job}/run    start a run now (" + ArchiverJob.NAMES + ")\n"
                        + "  admin calls need Authorization: Bearer $PATHSTATS_ADMIN_TOKEN{}",
                base, base, base, base, http.adminEnabled() ? "" : " (PATHSTATS_ADMIN_TOKEN is unset: admin calls are refused)");
    }
}
