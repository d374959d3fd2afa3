-- Whether the producer named the event's route (kept as it is when rules change) or the pipeline
-- derived it from the path (re-derived by pathstats reaggregate). NULL in rows stored before: derived.
ALTER TABLE traffic_events ADD COLUMN route_given boolean;
