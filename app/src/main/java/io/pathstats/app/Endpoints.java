package io.pathstats.app;

import io.pathstats.archiver.jobs.ArchiverJob;
import io.pathstats.common.config.HttpSettings;
import io.pathstats.common.config.KafkaSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The start-up banner: every endpoint an operator needs, and how to publish an event. */
final class Endpoints {
    private static final Logger log = LoggerFactory.getLogger(Endpoints.class);

    private Endpoints() {
    }

    static void log(String service, String host, int port, KafkaSettings kafka, boolean queryApi) {
        String base = "http://" + host + ":" + port;
        StringBuilder sb = new StringBuilder();
        sb.append('\n').append("  ").append(service).append(" ready\n");
        if (queryApi) {
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
        if (kafka != null) {
            sb.append("  Kafka ").append(kafka.bootstrap()).append("  topic ").append(kafka.topic())
                    .append(" (dead letters: ").append(kafka.dlqTopic()).append(")\n");
            sb.append("  publish: echo '{\"eventId\":\"e-1\",\"occurredAt\":\"<ISO-8601 now>\",\"path\":\"/api/users\","
                    + "\"method\":\"GET\",\"status\":200,\"latencyMs\":12}' | ./pathstats produce\n");
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
