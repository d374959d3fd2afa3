package io.pathstats.archiver;

import io.pathstats.common.config.ConfigException;
import io.pathstats.common.config.Env;
import io.pathstats.common.config.Settings;
import java.util.LinkedHashMap;
import java.util.Map;
import org.quartz.CronExpression;

/**
 * @param retentionDays detail rows are kept this many days in PostgreSQL
 * @param schedules     Quartz cron expression (UTC) per job name
 */
public record ArchiverConfig(int retentionDays, Map<String, String> schedules, int keepSnapshots) {
    public static final String PARTITIONS = "partitions";
    public static final String SNAPSHOT_PRUNE = "snapshot-prune";

    public ArchiverConfig {
        schedules.forEach((job, cron) -> {
            if (!CronExpression.isValidExpression(cron)) {
                throw new ConfigException("schedule of job " + job + " is not a valid Quartz cron expression: " + cron);
            }
        });
        schedules = Map.copyOf(schedules);
    }

    public static ArchiverConfig fromEnv(Env env) {
        Map<String, String> schedules = new LinkedHashMap<>();
        // partitions: at start and every 6 hours, so a missed run never leaves tomorrow without a partition
        schedules.put(PARTITIONS, "0 15 */6 * * ?");
        schedules.put(SNAPSHOT_PRUNE, "0 0 5 ? * SUN");
        return new ArchiverConfig(env.integer(Settings.RETENTION_DAYS, 3, 1, 3650), schedules, 5);
    }
}
