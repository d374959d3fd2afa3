-- Day partitions of traffic_events, created ahead of time by the pipeline at start and by the
-- archiver's partition job. Cleanup drops whole partitions (DROP is ~0.1 s and writes no WAL,
-- where DELETE of a million rows takes seconds and bloats).

-- Creates the partition for one UTC day if it is missing. Rows that already landed in the default
-- partition for that day are moved into it first (ATTACH would fail otherwise). Safe to call
-- concurrently: an advisory lock serialises creators.
CREATE FUNCTION ensure_traffic_events_partition(day date) RETURNS boolean
    LANGUAGE plpgsql AS
$$
DECLARE
    part_name text := format('traffic_events_p%s', to_char(day, 'YYYYMMDD'));
    lo timestamptz := (day::timestamp AT TIME ZONE 'UTC');
    hi timestamptz := ((day + 1)::timestamp AT TIME ZONE 'UTC');
BEGIN
    IF to_regclass(part_name) IS NOT NULL THEN
        RETURN false;
    END IF;
    PERFORM pg_advisory_xact_lock(hashtext('pathstats.partition-maintenance'));
    IF to_regclass(part_name) IS NOT NULL THEN
        RETURN false;
    END IF;
    EXECUTE format('CREATE TABLE %I (LIKE traffic_events INCLUDING DEFAULTS INCLUDING CONSTRAINTS)', part_name);
    EXECUTE format('WITH moved AS (DELETE FROM traffic_events_default WHERE occurred_at >= $1 AND occurred_at < $2 RETURNING *)
                    INSERT INTO %I SELECT * FROM moved', part_name) USING lo, hi;
    EXECUTE format('ALTER TABLE traffic_events ATTACH PARTITION %I FOR VALUES FROM (%L) TO (%L)', part_name, lo, hi);
    RETURN true;
END
$$;

-- Creates every missing day partition from first_day to last_day inclusive; returns how many.
CREATE FUNCTION ensure_traffic_events_partitions(first_day date, last_day date) RETURNS integer
    LANGUAGE plpgsql AS
$$
DECLARE
    d date := first_day;
    created integer := 0;
BEGIN
    WHILE d <= last_day LOOP
        IF ensure_traffic_events_partition(d) THEN
            created := created + 1;
        END IF;
        d := d + 1;
    END LOOP;
    RETURN created;
END
$$;
