package io.pathstats.common.config;

import java.util.Set;

/** The names of every environment variable pathstats reads; README.md documents each one. */
public final class Settings {
    public static final String KAFKA_BOOTSTRAP = "PATHSTATS_KAFKA_BOOTSTRAP";
    public static final String TOPIC = "PATHSTATS_TOPIC";
    public static final String DB_URL = "PATHSTATS_DB_URL";
    public static final String DB_USER = "PATHSTATS_DB_USER";
    public static final String DB_PASSWORD = "PATHSTATS_DB_PASSWORD";
    public static final String DB_POOL_SIZE = "PATHSTATS_DB_POOL_SIZE";
    public static final String S3_ENDPOINT = "PATHSTATS_S3_ENDPOINT";
    public static final String S3_BUCKET = "PATHSTATS_S3_BUCKET";
    public static final String S3_ACCESS_KEY = "PATHSTATS_S3_ACCESS_KEY";
    public static final String S3_SECRET_KEY = "PATHSTATS_S3_SECRET_KEY";
    public static final String S3_REGION = "PATHSTATS_S3_REGION";
    public static final String HTTP_HOST = "PATHSTATS_HTTP_HOST";
    public static final String HTTP_PORT = "PATHSTATS_HTTP_PORT";
    public static final String ADMIN_TOKEN = "PATHSTATS_ADMIN_TOKEN";
    public static final String DATA_DIR = "PATHSTATS_DATA_DIR";
    public static final String MIGRATE_ON_START = "PATHSTATS_MIGRATE_ON_START";
    public static final String RETENTION_DAYS = "PATHSTATS_DETAIL_RETENTION_DAYS";
    public static final String STREAMS_APP_ID = "PATHSTATS_STREAMS_APP_ID";
    public static final String SINK_THREADS = "PATHSTATS_SINK_THREADS";
    public static final String BATCH_MAX_EVENTS = "PATHSTATS_BATCH_MAX_EVENTS";
    public static final String SNAPSHOT_EVERY_BATCHES = "PATHSTATS_SNAPSHOT_EVERY_BATCHES";
    public static final String SNAPSHOT_INTERVAL = "PATHSTATS_SNAPSHOT_INTERVAL";
    public static final String SNAPSHOT_MAX_PATHS = "PATHSTATS_SNAPSHOT_MAX_PATHS";
    public static final String SNAPSHOT_MAX_AGE = "PATHSTATS_SNAPSHOT_MAX_AGE";
    public static final String SNAPSHOT_POLL = "PATHSTATS_SNAPSHOT_POLL";
    /** How long events may wait unconsumed before /health reports the pipeline stalled. */
    public static final String STALL_AFTER = "PATHSTATS_STALL_AFTER";
    /** A JSON file of route rules ({"rules":[...]}) made current when the pipeline starts. */
    public static final String ROUTE_RULES_FILE = "PATHSTATS_ROUTE_RULES_FILE";
    /** The cardinality guard: more distinct values than this after a route prefix within an hour make the position {var}. */
    public static final String ROUTE_VAR_AFTER = "PATHSTATS_ROUTE_VAR_AFTER";
    /** The cardinality guard: routes per proxy and hour beyond which new routes are counted under /{overflow}. */
    public static final String ROUTES_PER_PROXY = "PATHSTATS_ROUTES_PER_PROXY";
    public static final String LEGACY_URL = "PATHSTATS_LEGACY_URL";
    public static final String LEGACY_TIMEOUT = "PATHSTATS_LEGACY_TIMEOUT";
    public static final String TRUSTED_PROXIES = "PATHSTATS_TRUSTED_PROXIES";
    /** Quartz cron (UTC) of each archiver job, e.g. PATHSTATS_SCHEDULE_ARCHIVE="0 0 2 * * ?". */
    public static final String SCHEDULE_ARCHIVE = "PATHSTATS_SCHEDULE_ARCHIVE";
    public static final String SCHEDULE_CLEANUP = "PATHSTATS_SCHEDULE_CLEANUP";
    public static final String SCHEDULE_MONITOR = "PATHSTATS_SCHEDULE_MONITOR";
    public static final String SCHEDULE_PARTITIONS = "PATHSTATS_SCHEDULE_PARTITIONS";
    public static final String SCHEDULE_SNAPSHOT_PRUNE = "PATHSTATS_SCHEDULE_SNAPSHOT_PRUNE";
    /** Where the CLI's `jobs` commands find the archiver's admin API. */
    public static final String ARCHIVER_URL = "PATHSTATS_ARCHIVER_URL";
    /** Read by the ./pathstats launcher script, not by code. */
    public static final String JAVA_OPTS = "PATHSTATS_JAVA_OPTS";
    /** Read by the test fixtures only: an external PostgreSQL for the test suite. */
    public static final String TEST_DB_URL = "PATHSTATS_TEST_DB_URL";
    public static final String TEST_DB_USER = "PATHSTATS_TEST_DB_USER";
    public static final String TEST_DB_PASSWORD = "PATHSTATS_TEST_DB_PASSWORD";
    /** Browser origins allowed to call the HTTP API from their pages (CORS), comma-separated; none by default. */
    public static final String CORS_ORIGINS = "PATHSTATS_CORS_ORIGINS";
    /** The optional bearer token of POST /events and /v1/traces. */
    public static final String INGEST_TOKEN = "PATHSTATS_INGEST_TOKEN";
    /** The largest request body the ingest endpoints take, in bytes after gzip decoding. */
    public static final String INGEST_MAX_BODY_BYTES = "PATHSTATS_INGEST_MAX_BODY_BYTES";
    /** Events published and not yet acknowledged by Kafka, over all ingest requests; more wait, then 503. */
    public static final String INGEST_MAX_IN_FLIGHT = "PATHSTATS_INGEST_MAX_IN_FLIGHT";
    /** How long an ingest request waits for Kafka's acknowledgements before it is answered 503. */
    public static final String INGEST_ACK_TIMEOUT = "PATHSTATS_INGEST_ACK_TIMEOUT";
    /** The OTLP resource attribute that names a span's proxyId (default service.name). */
    public static final String OTLP_PROXY_ATTRIBUTE = "PATHSTATS_OTLP_PROXY_ATTRIBUTE";
    /** Which Kafka client metrics /metrics exports: "operator" (the default: lag, rates, latencies) or "all". */
    public static final String METRICS_KAFKA = "PATHSTATS_METRICS_KAFKA";
    /** Read by logback.xml, not by code. */
    public static final String LOG_LEVEL = "PATHSTATS_LOG_LEVEL";

    /** Passwords and tokens: each may also be given as a file, NAME_FILE (see Env.secret). */
    public static final Set<String> SECRETS = Set.of(DB_PASSWORD, S3_ACCESS_KEY, S3_SECRET_KEY, ADMIN_TOKEN, INGEST_TOKEN,
            TEST_DB_PASSWORD);

    public static final Set<String> ALL = withSecretFiles(Set.of(KAFKA_BOOTSTRAP, TOPIC, DB_URL, DB_USER, DB_PASSWORD, DB_POOL_SIZE,
            S3_ENDPOINT, S3_BUCKET, S3_ACCESS_KEY, S3_SECRET_KEY, S3_REGION, HTTP_HOST, HTTP_PORT, ADMIN_TOKEN,
            DATA_DIR, MIGRATE_ON_START, RETENTION_DAYS, STREAMS_APP_ID, SINK_THREADS, BATCH_MAX_EVENTS,
            SNAPSHOT_EVERY_BATCHES, SNAPSHOT_INTERVAL, SNAPSHOT_MAX_PATHS, SNAPSHOT_MAX_AGE, SNAPSHOT_POLL, STALL_AFTER, ROUTE_RULES_FILE, ROUTE_VAR_AFTER,
            ROUTES_PER_PROXY, ARCHIVER_URL, LOG_LEVEL,
            SCHEDULE_ARCHIVE, SCHEDULE_CLEANUP, SCHEDULE_MONITOR, SCHEDULE_PARTITIONS, SCHEDULE_SNAPSHOT_PRUNE,
            LEGACY_URL, LEGACY_TIMEOUT, TRUSTED_PROXIES, JAVA_OPTS, TEST_DB_URL, TEST_DB_USER, TEST_DB_PASSWORD, METRICS_KAFKA,
            CORS_ORIGINS, INGEST_TOKEN, INGEST_MAX_BODY_BYTES, INGEST_MAX_IN_FLIGHT, INGEST_ACK_TIMEOUT, OTLP_PROXY_ATTRIBUTE));

    private static Set<String> withSecretFiles(Set<String> names) {
        Set<String> all = new java.util.HashSet<>(names);
        SECRETS.forEach(s -> all.add(s + Env.FILE_SUFFIX));
        return Set.copyOf(all);
    }

    private Settings() {
    }
}
