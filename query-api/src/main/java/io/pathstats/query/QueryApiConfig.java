package io.pathstats.query;

import io.pathstats.common.config.ConfigException;
import io.pathstats.common.config.Env;
import io.pathstats.common.config.Settings;
import io.pathstats.query.rollout.routing.IpAddresses;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * @param snapshotMaxAge older snapshots are still served, with a refresh started in the background
 * @param snapshotPoll   how often the newest snapshot version and the migration config are checked
 * @param legacyUrl      the /paths service being replaced; empty: the legacy path is the direct SQL aggregation
 * @param trustedProxies peers whose X-Forwarded-For is believed for canary routing
 */
public record QueryApiConfig(Duration snapshotMaxAge, Duration snapshotPoll, Optional<URI> legacyUrl, Duration legacyTimeout,
                             List<String> trustedProxies) {
    public static QueryApiConfig fromEnv(Env env) {
        List<String> proxies = env.isSet(Settings.TRUSTED_PROXIES)
                ? Arrays.stream(env.string(Settings.TRUSTED_PROXIES, "").split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList()
                : List.of();
        for (String p : proxies) {
            if (IpAddresses.canonical(p) == null) {
                throw new ConfigException(Settings.TRUSTED_PROXIES + " contains '" + p + "', which is not an IP address");
            }
        }
        return new QueryApiConfig(env.duration(Settings.SNAPSHOT_MAX_AGE, Duration.ofMinutes(10)),
                env.duration(Settings.SNAPSHOT_POLL, Duration.ofSeconds(2)),
                env.isSet(Settings.LEGACY_URL) ? Optional.of(env.uri(Settings.LEGACY_URL, null)) : Optional.empty(),
                env.duration(Settings.LEGACY_TIMEOUT, Duration.ofSeconds(2)), proxies);
    }

    /** For tests and embedding: no upstream legacy service, no trusted proxies. */
    public static QueryApiConfig of(Duration snapshotMaxAge, Duration snapshotPoll) {
        return new QueryApiConfig(snapshotMaxAge, snapshotPoll, Optional.empty(), Duration.ofSeconds(2), List.of());
    }
}
