package io.pathstats.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The Flyway schema on a real PostgreSQL: partitions and the default-partition safety net. */
class SchemaIT {

    @Test
    void migrationCreatesEveryTableAndDayPartitionsAroundToday() {
        try (TestDatabase db = TestDatabase.migrated()) {
            for (String table : new String[] {"traffic_events", "path_stats_hourly", "path_snapshots", "archive_metadata",
                    "paths_migration_config", "paths_migration_config_audit", "job_runs", "qrtz_job_details", "qrtz_locks"}) {
                assertThat(db.queryLong("SELECT count(*) FROM pg_class WHERE relname = '" + table + "'"))
                        .as(table).isEqualTo(1);
            }
            String today = LocalDate.now(ZoneOffset.UTC).toString().replace("-", "");
            assertThat(db.queryLong("SELECT count(*) FROM pg_class WHERE relname = 'traffic_events_p" + today + "'")).isEqualTo(1);
            assertThat(db.queryLong("SELECT count(*) FROM pg_inherits WHERE inhparent = 'traffic_events'::regclass"))
                    .as("default + retention + today + days ahead").isGreaterThanOrEqualTo(12);
        }
    }

    @Test
    void rowsInTheDefaultPartitionMoveIntoTheDayPartitionWhenItIsCreated() {
        try (TestDatabase db = TestDatabase.migrated()) {
            db.execute("INSERT INTO traffic_events (occurred_at, event_id, path, proxy_id, method, status) VALUES "
                    + "('2001-02-03T04:05:06Z', 'e1', '/a', 'p', 'GET', 200), ('2001-02-03T23:59:59Z', 'e2', '/a', 'p', 'GET', 200)");
            assertThat(db.queryLong("SELECT count(*) FROM traffic_events_default")).isEqualTo(2);

            assertThat(db.queryLong("SELECT ensure_traffic_events_partitions('2001-02-03', '2001-02-03')")).isEqualTo(1);

            assertThat(db.queryLong("SELECT count(*) FROM traffic_events_default")).isZero();
            assertThat(db.queryLong("SELECT count(*) FROM traffic_events_p20010203")).isEqualTo(2);
            assertThat(db.queryLong("SELECT ensure_traffic_events_partitions('2001-02-03', '2001-02-03')")).isZero();
        }
    }
}
