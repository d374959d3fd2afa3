package io.pathstats.archiver;

import io.pathstats.archiver.jobs.ArchiverJob;
import io.pathstats.common.config.ConfigException;
import io.pathstats.common.config.Env;
import io.pathstats.common.config.S3Settings;
import io.pathstats.common.config.Settings;
import io.pathstats.common.stats.SnapshotRetention;
import java.util.LinkedHashMap;
import java.util.Map;
import org.quartz.CronExpression;

/**
 * @param s3            where archives go
 * @param retentionDays detail rows are kept this many days in PostgreSQL
 * @param schedules     Quartz cron expression (UTC) per job name
 */
public record ArchiverConfig(S3Settings s3, int retentionDays, Map<String, String> schedules, int keepSnapshots) {
    public ArchiverConfig {
        schedules.forEach((job, cron) -> {
            if (!CronExpression.isValidExpression(cron)) {
                throw new ConfigException("PATHSTATS_SCHEDULE_" + job.toUpperCase().replace('-', '_') + "=" + cron
                        + " is not a Quartz cron expression (seconds minutes hours day-of-month month day-of-week, e.g. 0 0 2 * * ?)");
            }
        });
        schedules = Map.copyOf(schedules);
    }

    public static ArchiverConfig fromEnv(Env env) {
        Map<String, String> schedules = new LinkedHashMap<>();
        schedules.put(ArchiverJob.ARCHIVE, env.string(Settings.SCHEDULE_ARCHIVE, "0 0 2 * * ?"));
        schedules.put(ArchiverJob.CLEANUP, env.string(Settings.SCHEDULE_CLEANUP, "0 0 3 * * ?"));
        schedules.put(ArchiverJob.MONITOR, env.string(Settings.SCHEDULE_MONITOR, "0 0 4 * * ?"));
        // every 6 hours (and the pipeline hourly): a missed run never leaves tomorrow without a partition
        schedules.put(ArchiverJob.PARTITIONS, env.string(Settings.SCHEDULE_PARTITIONS, "0 15 */6 * * ?"));
        schedules.put(ArchiverJob.SNAPSHOT_PRUNE, env.string(Settings.SCHEDULE_SNAPSHOT_PRUNE, "0 0 5 ? * SUN"));
        return new ArchiverConfig(S3Settings.fromEnv(env), env.integer(Settings.RETENTION_DAYS, 3, 1, 3650), schedules, SnapshotRetention.KEEP_VERSIONS);
    }

    public ArchiverConfig withS3(S3Settings newS3) {
        return new ArchiverConfig(newS3, retentionDays, schedules, keepSnapshots);
    }
}
