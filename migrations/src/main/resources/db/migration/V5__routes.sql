-- Route templates: every event is counted under its route (the template its path belongs to,
-- e.g. /users/{id}), not under its raw path. Detail rows keep the raw path beside the route, so a
-- rule change can rebuild any hour's aggregates from them (pathstats reaggregate).

-- NULL for rows stored before routes existed: their route is their path.
ALTER TABLE traffic_events ADD COLUMN route text;

-- The aggregates are keyed by route from now on. Rows written before are per raw path, which is
-- the route a path with no rule and no id-like segment gets, so they stay valid as they are.
ALTER TABLE path_stats_hourly RENAME COLUMN path TO route;
ALTER TABLE path_stats_hourly RENAME CONSTRAINT path_stats_hourly_pkey TO path_stats_hourly_route_pkey;
