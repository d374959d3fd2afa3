package io.pathstats.query;

import io.pathstats.common.config.Env;
import io.pathstats.common.config.Settings;
import java.time.Duration;

/**
 * @param snapshotMaxAge older snapshots are still served, with a refresh started in the background
 * @param snapshotPoll   how often the newest snapshot version is checked
 */
public record QueryApiConfig(Duration snapshotMaxAge, Duration snapshotPoll) {
    public static QueryApiConfig fromEnv(Env env) {
        return new QueryApiConfig(env.duration(Settings.SNAPSHOT_MAX_AGE, Duration.ofMinutes(10)),
                env.duration(Settings.SNAPSHOT_POLL, Duration.ofSeconds(2)));
    }
}
