package io.pathstats.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pathstats.common.config.DbSettings;
import io.pathstats.common.config.Env;
import io.pathstats.common.config.KafkaSettings;
import io.pathstats.common.db.DataSources;
import io.pathstats.common.ops.HealthRegistry;
import io.pathstats.embedded.EmbeddedPostgresServer;
import io.pathstats.embedded.FreePorts;
import io.pathstats.migrations.PartitionMaintenance;
import io.pathstats.migrations.SchemaMigrator;
import io.pathstats.testing.SharedInfrastructure;
import io.pathstats.testing.TopicCounts;
import io.pathstats.testing.TrafficScript;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * PostgreSQL stopped for 20 s and restarted while events keep flowing: the pipeline holds its
 * batch, reports the outage on /health, does not crash-loop, and afterwards the counts are exact.
 */
class PostgresOutageIT {
    private static final Duration OUTAGE = Duration.ofSeconds(20);

    @Test
    void pipelineWaitsThroughADatabaseOutageAndLosesNothing(@TempDir(cleanup = CleanupMode.ON_SUCCESS) Path pgDir,
                                                            @TempDir Path stateDir) throws Exception {
        int port = FreePorts.pick();
        EmbeddedPostgresServer pg = EmbeddedPostgresServer.start(pgDir, port, false, false);
        pg.ensureDatabase("outage");
        DbSettings db = new DbSettings(pg.jdbcUrl("outage"), EmbeddedPostgresServer.SUPERUSER, "", 4);
        KafkaSettings kafka = SharedInfrastructure.newTopics(4);
        HealthRegistry health = new HealthRegistry();
        try (HikariDataSource ds = DataSources.create(db, "outage-it")) {
            health.register(DataSources.healthCheck(ds));
            SchemaMigrator.migrate(ds);
            PartitionMaintenance.ensurePartitions(ds, 3);
            PipelineConfig config = PipelineConfig.fromEnv(new Env(Map.of()), stateDir)
                    .withKafka(kafka).withDb(db).withApplicationId(SharedInfrastructure.uniqueName("outage"));
            try (PipelineService pipeline = PipelineService.start(config, ds, new SimpleMeterRegistry(), health, Clock.systemUTC());
                 TrafficScript traffic = new TrafficScript(kafka.bootstrap(), kafka.topic(), 11, 0.1, 0.01)) {
                traffic.startBackground(500);
                await().atMost(Duration.ofSeconds(30)).until(() -> requests(ds) > 500);

                pg.close();
                await().atMost(Duration.ofSeconds(15)).until(() -> !health.report().checks().get("postgres-writers").up());
                assertThat(health.report().up()).isFalse();
                Instant outageEnds = Instant.now().plus(OUTAGE);
                // throughout the outage: still no crash loop, the stream keeps running, health keeps saying why
                await().atMost(OUTAGE.plusSeconds(5)).pollInterval(Duration.ofSeconds(1)).until(() -> {
                    assertThat(pipeline.streamsState()).isIn(KafkaStreams.State.RUNNING, KafkaStreams.State.REBALANCING);
                    assertThat(health.report().checks().get("postgres").up()).isFalse();
                    return Instant.now().isAfter(outageEnds);
                });

                pg = EmbeddedPostgresServer.start(pgDir, port, false, false);
                await().atMost(Duration.ofSeconds(30)).until(() -> health.report().up());
                traffic.stop();

                long expected = traffic.distinctValid();
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> requests(ds) == expected);
                assertThat(rows(ds, "SELECT count(*) FROM traffic_events")).isEqualTo(expected);
                assertThat(TopicCounts.committedCount(kafka.bootstrap(), kafka.dlqTopic())).isEqualTo(traffic.invalid());
            }
        } finally {
            pg.close();
        }
    }

    private static long requests(HikariDataSource ds) {
        return rows(ds, "SELECT coalesce(sum(requests), 0) FROM path_stats_hourly");
    }

    private static long rows(HikariDataSource ds, String sql) {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (Exception e) {
            return -1;
        }
    }
}
