-- pathstats core schema. All timestamps are timestamptz and every session runs in UTC
-- (hour buckets and day-partition bounds follow the session TimeZone).
SET TIME ZONE 'UTC';

-- Detail rows: one per distinct event. The primary key is the dedup authority (DESIGN.md rule 3).
-- It must contain the partition key; occurred_at leads so that mostly time-ordered traffic gets
-- B-tree locality (~2x faster inserts than a random-id-first key). A redelivered event carries
-- the same occurred_at, so (occurred_at, event_id) identifies it as well as (event_id, occurred_at).
CREATE TABLE traffic_events (
    occurred_at timestamptz NOT NULL,
    event_id    text        NOT NULL,
    path        text        NOT NULL,
    proxy_id    text        NOT NULL,
    method      text        NOT NULL,
    status      smallint    NOT NULL,
    latency_ms  integer,
    CONSTRAINT traffic_events_pkey PRIMARY KEY (occurred_at, event_id)
) PARTITION BY RANGE (occurred_at);

-- Safety net: a row whose day partition does not exist yet lands here instead of aborting its
-- batch. ensure_traffic_events_partition() moves such rows into the day partition it creates.
CREATE TABLE traffic_events_default PARTITION OF traffic_events DEFAULT;

-- Hourly per-path aggregates; kept forever (cleanup never touches them).
CREATE TABLE path_stats_hourly (
    path          text        NOT NULL,
    proxy_id      text        NOT NULL,
    hour_bucket   timestamptz NOT NULL,
    requests      bigint      NOT NULL,
    errors        bigint      NOT NULL,   -- status >= 500
    client_errors bigint      NOT NULL,   -- 400 <= status < 500
    latency_count bigint      NOT NULL,   -- events that carried latencyMs
    latency_sum   bigint      NOT NULL,
    latency_max   integer,
    -- latency histogram: one count per fixed bucket (bounds in LatencyHistogram.UPPER_BOUNDS_MS:
    -- b00 < 1 ms, b01 < 2, b02 < 5, b03 < 10, b04 < 20, b05 < 50, b06 < 100, b07 < 200, b08 < 500,
    -- b09 < 1 s, b10 < 2 s, b11 < 5 s, b12 < 10 s, b13 < 30 s, b14 the rest). Columns rather than an
    -- array so that merging over any time range is a plain sum().
    lat_b00       bigint      NOT NULL DEFAULT 0,
    lat_b01       bigint      NOT NULL DEFAULT 0,
    lat_b02       bigint      NOT NULL DEFAULT 0,
    lat_b03       bigint      NOT NULL DEFAULT 0,
    lat_b04       bigint      NOT NULL DEFAULT 0,
    lat_b05       bigint      NOT NULL DEFAULT 0,
    lat_b06       bigint      NOT NULL DEFAULT 0,
    lat_b07       bigint      NOT NULL DEFAULT 0,
    lat_b08       bigint      NOT NULL DEFAULT 0,
    lat_b09       bigint      NOT NULL DEFAULT 0,
    lat_b10       bigint      NOT NULL DEFAULT 0,
    lat_b11       bigint      NOT NULL DEFAULT 0,
    lat_b12       bigint      NOT NULL DEFAULT 0,
    lat_b13       bigint      NOT NULL DEFAULT 0,
    lat_b14       bigint      NOT NULL DEFAULT 0,
    last_seen     timestamptz NOT NULL,   -- newest occurred_at in the bucket
    updated_at    timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT path_stats_hourly_pkey PRIMARY KEY (path, proxy_id, hour_bucket)
) WITH (fillfactor = 70);
-- Every batch updates the counters of its rows in place. No index covers a counter column and
-- pages keep 30% free, so those updates are HOT (heap-only: no index writes). Readers of a window
-- need every column from the heap anyway, so an index carrying counters would buy nothing.
CREATE INDEX path_stats_hourly_hour_idx ON path_stats_hourly (hour_bucket);

-- Versioned snapshots of the last 24 h, read by the query API; the newest few are kept.
CREATE TABLE path_snapshots (
    version      bigserial   PRIMARY KEY,
    created_at   timestamptz NOT NULL DEFAULT now(),
    window_start timestamptz NOT NULL,
    window_end   timestamptz NOT NULL,
    path_count   integer     NOT NULL,
    truncated    boolean     NOT NULL DEFAULT false,
    build_ms     integer     NOT NULL,
    payload      bytea       NOT NULL     -- gzip-compressed JSON array of entries
);

-- One row per archived hour object in S3.
CREATE TABLE archive_metadata (
    id           bigserial   PRIMARY KEY,
    day          date        NOT NULL,
    hour         smallint    NOT NULL CHECK (hour BETWEEN 0 AND 23),
    object_key   text        NOT NULL UNIQUE,
    row_count    bigint      NOT NULL,
    bytes        bigint      NOT NULL,
    sha256       text        NOT NULL,
    status       text        NOT NULL CHECK (status IN ('uploaded', 'verified', 'failed')),
    error        text,
    created_at   timestamptz NOT NULL DEFAULT now(),
    verified_at  timestamptz,
    UNIQUE (day, hour)
);

-- Canary routing between the legacy read path and the snapshot read path (single row).
CREATE TABLE paths_migration_config (
    id                   smallint    PRIMARY KEY CHECK (id = 1),
    new_api_percentage   smallint    NOT NULL CHECK (new_api_percentage BETWEEN 0 AND 100),
    force_new_api_ips    text[]      NOT NULL DEFAULT '{}',
    force_old_api_ips    text[]      NOT NULL DEFAULT '{}',
    enable_comparison    boolean     NOT NULL DEFAULT false,
    comparison_every_n   integer     NOT NULL DEFAULT 10 CHECK (comparison_every_n >= 1),
    phase                text        CHECK (phase IN ('LEGACY_ONLY', 'SHADOW', 'NEW_PREFERRED', 'NEW_ONLY')),
    updated_at           timestamptz NOT NULL DEFAULT now(),
    updated_by           text        NOT NULL DEFAULT 'migration'
);
-- A new installation has no legacy service to migrate from: snapshots first, the direct SQL path as
-- fallback. Teams replacing an existing /paths service set PATHSTATS_LEGACY_URL and PUT LEGACY_ONLY.
INSERT INTO paths_migration_config (id, new_api_percentage, phase) VALUES (1, 100, 'NEW_PREFERRED');

CREATE TABLE paths_migration_config_audit (
    id         bigserial   PRIMARY KEY,
    changed_at timestamptz NOT NULL DEFAULT now(),
    changed_by text        NOT NULL,
    old_value  jsonb,
    new_value  jsonb       NOT NULL
);

-- History of every archiver job run, scheduled or manual.
CREATE TABLE job_runs (
    id          bigserial   PRIMARY KEY,
    job         text        NOT NULL,
    trigger     text        NOT NULL CHECK (trigger IN ('schedule', 'manual')),
    status      text        NOT NULL CHECK (status IN ('running', 'succeeded', 'failed')),
    started_at  timestamptz NOT NULL DEFAULT now(),
    finished_at timestamptz,
    rows        bigint      NOT NULL DEFAULT 0,
    bytes       bigint      NOT NULL DEFAULT 0,
    message     text,
    instance_id text        NOT NULL
);
CREATE INDEX job_runs_job_started_idx ON job_runs (job, started_at DESC);
