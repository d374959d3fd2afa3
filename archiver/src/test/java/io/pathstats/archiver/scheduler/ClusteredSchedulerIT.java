package io.pathstats.archiver.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pathstats.archiver.ArchiverConfig;
import io.pathstats.archiver.ArchiverService;
import io.pathstats.archiver.jobs.ArchiverJob;
import io.pathstats.common.ops.AdminAuth;
import io.pathstats.common.ops.HealthRegistry;
import io.pathstats.testing.SharedInfrastructure;
import io.pathstats.testing.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Two archiver instances form one Quartz cluster on the same PostgreSQL: each fire runs exactly once. */
class ClusteredSchedulerIT {

    @Test
    void twoInstancesRunEachFireOnce() throws Exception {
        try (TestDatabase db = TestDatabase.migrated()) {
            Map<String, String> schedules = new LinkedHashMap<>();
            schedules.put(ArchiverJob.ARCHIVE, "0 0 2 * * ?");
            schedules.put(ArchiverJob.CLEANUP, "0 0 3 * * ?");
            schedules.put(ArchiverJob.MONITOR, "0 0 4 * * ?");
            schedules.put(ArchiverJob.PARTITIONS, "*/2 * * * * ?"); // every 2 s, to see many fires
            schedules.put(ArchiverJob.SNAPSHOT_PRUNE, "0 0 5 ? * SUN");
            ArchiverConfig config = new ArchiverConfig(SharedInfrastructure.newBucket(), 3, schedules, 5);
            try (ArchiverService a = start(config, db); ArchiverService b = start(config, db)) {
                await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(500))
                        .until(() -> db.queryLong("SELECT count(*) FROM job_runs WHERE job = 'partitions' AND status = 'succeeded'") >= 8);
            }
            List<Timestamp> fires = new ArrayList<>();
            Set<String> instances = new HashSet<>();
            try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT scheduled_for, instance_id FROM job_runs WHERE job = 'partitions' ORDER BY id")) {
                while (rs.next()) {
                    fires.add(rs.getTimestamp(1));
                    instances.add(rs.getString(2));
                }
            }
            // every scheduled run records the fire it belongs to; a fire run by both instances would appear twice
            assertThat(fires).hasSizeGreaterThanOrEqualTo(8).doesNotContainNull().doesNotHaveDuplicates();
            assertThat(db.queryLong("SELECT count(*) FROM job_runs WHERE status <> 'succeeded'")).isZero();
            assertThat(instances).isNotEmpty();
        }
    }

    private static ArchiverService start(ArchiverConfig config, TestDatabase db) throws Exception {
        return ArchiverService.start(config, db.dataSource(), new SimpleMeterRegistry(), new HealthRegistry(), new AdminAuth(""),
                Clock.systemUTC());
    }
}
