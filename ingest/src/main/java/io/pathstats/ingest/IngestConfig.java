package io.pathstats.ingest;

import io.pathstats.common.config.ConfigException;
import io.pathstats.common.config.Env;
import io.pathstats.common.config.KafkaSettings;
import io.pathstats.common.config.Settings;
import java.time.Duration;

/**
 * @param token             bearer token POST /events and /v1/traces require; empty: open (bind to a private network)
 * @param maxBodyBytes      largest request body, after gzip decoding; beyond it 413
 * @param maxInFlightEvents events published and not yet acknowledged, over all requests; a request
 *                          that cannot get room for its events within {@code admitWait} is answered
 *                          503 with Retry-After (memory stays bounded whatever the load)
 * @param ackTimeout        how long a request waits for Kafka to acknowledge its events before it is
 *                          answered 503 (the client resends; duplicates are counted once)
 * @param retention         detail retention: events older than it are rejected, as the pipeline would
 * @param otlpProxyAttribute the resource attribute whose value is an OTLP span's proxyId
 */
public record IngestConfig(KafkaSettings kafka, String token, int maxBodyBytes, int maxInFlightEvents, Duration admitWait,
                           Duration ackTimeout, Duration retention, String otlpProxyAttribute) {
    public static final int DEFAULT_MAX_BODY_BYTES = 16 * 1024 * 1024;
    public static final String DEFAULT_PROXY_ATTRIBUTE = "service.name";

    public IngestConfig {
        if (otlpProxyAttribute.isBlank()) {
            throw new ConfigException(Settings.OTLP_PROXY_ATTRIBUTE + " is empty; name a resource attribute such as service.name");
        }
    }

    public static IngestConfig fromEnv(Env env) {
        return new IngestConfig(KafkaSettings.fromEnv(env), env.secret(Settings.INGEST_TOKEN, ""),
                env.integer(Settings.INGEST_MAX_BODY_BYTES, DEFAULT_MAX_BODY_BYTES, 64 * 1024, 256 * 1024 * 1024),
                env.integer(Settings.INGEST_MAX_IN_FLIGHT, 200_000, 1_000, 10_000_000),
                Duration.ofSeconds(1), env.duration(Settings.INGEST_ACK_TIMEOUT, Duration.ofSeconds(15)),
                Duration.ofDays(env.integer(Settings.RETENTION_DAYS, 3, 1, 3650)),
                env.string(Settings.OTLP_PROXY_ATTRIBUTE, DEFAULT_PROXY_ATTRIBUTE));
    }

    public IngestConfig withKafka(KafkaSettings newKafka) {
        return new IngestConfig(newKafka, token, maxBodyBytes, maxInFlightEvents, admitWait, ackTimeout, retention, otlpProxyAttribute);
    }
}
