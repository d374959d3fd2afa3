package io.pathstats.pipeline;

import io.pathstats.common.config.DbSettings;
import io.pathstats.common.config.Env;
import io.pathstats.common.config.KafkaSettings;
import io.pathstats.common.config.Settings;
import io.pathstats.common.stats.SnapshotRetention;
import io.pathstats.pipeline.guard.RouteGuard;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Everything the pipeline service needs, validated once at start-up.
 *
 * @param partitions      partitions of the topics the pipeline creates when they are missing
 * @param writers         PostgreSQL writers (Kafka consumers) in this process
 * @param batchMaxEvents  upper bound of one database transaction, and of the memory a writer holds
 * @param dataDir         this instance's own files: the Streams state directory and its identity
 * @param stallAfter      /health reports the pipeline stalled when events readable this long ago are still not consumed
 * @param routeRulesFile  route rules to make current at start-up (deployments that keep configuration in git)
 * @param routeGuard      the cardinality guard's limits
 */
public record PipelineConfig(KafkaSettings kafka, DbSettings db, String applicationId, int partitions, int writers,
                             int batchMaxEvents, Duration retention, SnapshotSettings snapshots, Path dataDir,
                             Duration stallAfter, Optional<Path> routeRulesFile, RouteGuard.Limits routeGuard) {

    /** When and how big snapshots are written. */
    public record SnapshotSettings(int everyBatches, Duration interval, int maxPaths, int keepVersions) {
    }

    public static PipelineConfig fromEnv(Env env, Path dataDir) {
        return new PipelineConfig(KafkaSettings.fromEnv(env), DbSettings.fromEnv(env),
                env.string(Settings.STREAMS_APP_ID, "pathstats-pipeline"),
                4,
                env.integer(Settings.SINK_THREADS, 2, 1, 64),
                env.integer(Settings.BATCH_MAX_EVENTS, 50_000, 100, 500_000),
                Duration.ofDays(env.integer(Settings.RETENTION_DAYS, 3, 1, 3650)),
                new SnapshotSettings(env.integer(Settings.SNAPSHOT_EVERY_BATCHES, 10, 1, 1_000_000),
                        env.duration(Settings.SNAPSHOT_INTERVAL, Duration.ofSeconds(5)),
                        env.integer(Settings.SNAPSHOT_MAX_PATHS, 100_000, 1, 10_000_000), SnapshotRetention.KEEP_VERSIONS),
                dataDir, env.duration(Settings.STALL_AFTER, Duration.ofMinutes(1)),
                env.isSet(Settings.ROUTE_RULES_FILE) ? Optional.of(Path.of(env.string(Settings.ROUTE_RULES_FILE, ""))) : Optional.empty(),
                new RouteGuard.Limits(env.integer(Settings.ROUTE_VAR_AFTER, RouteGuard.Limits.DEFAULTS.distinctValues(), 2, 1_000_000),
                        env.integer(Settings.ROUTES_PER_PROXY, RouteGuard.Limits.DEFAULTS.routesPerProxy(), 1, 10_000_000)));
    }

    /** Kafka Streams' state directory. */
    public Path stateDir() {
        return dataDir.resolve("streams");
    }

    /**
     * The consumer group of the PostgreSQL writers: its committed offsets are events durably written.
     * Named {@code <app>-sink} since the first release; renaming it would lose those offsets.
     */
    public String writerGroupId() {
        return writerGroupId(applicationId);
    }

    public static String writerGroupId(String applicationId) {
        return applicationId + "-sink";
    }

    public PipelineConfig withKafka(KafkaSettings newKafka) {
        return new PipelineConfig(newKafka, db, applicationId, partitions, writers, batchMaxEvents, retention, snapshots, dataDir, stallAfter, routeRulesFile, routeGuard);
    }

    public PipelineConfig withDb(DbSettings newDb) {
        return new PipelineConfig(kafka, newDb, applicationId, partitions, writers, batchMaxEvents, retention, snapshots, dataDir, stallAfter, routeRulesFile, routeGuard);
    }

    public PipelineConfig withApplicationId(String id) {
        return new PipelineConfig(kafka, db, id, partitions, writers, batchMaxEvents, retention, snapshots, dataDir, stallAfter, routeRulesFile, routeGuard);
    }

    public PipelineConfig withStallAfter(Duration after) {
        return new PipelineConfig(kafka, db, applicationId, partitions, writers, batchMaxEvents, retention, snapshots, dataDir, after, routeRulesFile, routeGuard);
    }

    public PipelineConfig withSnapshots(SnapshotSettings newSnapshots) {
        return new PipelineConfig(kafka, db, applicationId, partitions, writers, batchMaxEvents, retention, newSnapshots, dataDir, stallAfter, routeRulesFile, routeGuard);
    }
}
