-- Who named each event's route: 'p' the producer (kept as it is when rules change), 'r' an operator
-- rule, 'c' the built-in classes (the only routes the cardinality guard collapses). NULL in rows
-- stored before: derived by the classes.
ALTER TABLE traffic_events ADD COLUMN route_source "char";

-- The cardinality guard's decisions: the segment right after `parent` (a route prefix, '' for the
-- first segment) is variable, {var}, in every route the classes derive from then on. Made by the
-- writer whose batch saw more distinct values there within an hour than the threshold; folded_at is
-- set once the routes counted under raw values before were folded into the {var} route.
CREATE TABLE route_collapses (
    parent          text        PRIMARY KEY,
    distinct_values integer     NOT NULL,
    hour_bucket     timestamptz NOT NULL,
    decided_at      timestamptz NOT NULL DEFAULT now(),
    folded_at       timestamptz
);

-- The guard counts the distinct routes of an hour under a prefix (a range scan in byte order) and
-- the routes of a proxy in an hour (the per-proxy cap); both only when a batch brings routes new to its hour.
DROP INDEX path_stats_hourly_hour_idx;
CREATE INDEX path_stats_hourly_hour_route_idx ON path_stats_hourly (hour_bucket, route COLLATE "C");
CREATE INDEX path_stats_hourly_proxy_hour_idx ON path_stats_hourly (proxy_id, hour_bucket);
