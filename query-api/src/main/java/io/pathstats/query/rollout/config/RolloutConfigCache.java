package io.pathstats.query.rollout.config;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The migration config as this instance uses it: reloaded every poll interval, so a change made
 * through any instance reaches every other one within that interval. Until the first load the
 * conservative default (everyone on legacy) applies.
 */
public final class RolloutConfigCache implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RolloutConfigCache.class);
    private static final RolloutConfig UNTIL_LOADED = new RolloutConfig(0, java.util.List.of(), java.util.List.of(), false, 10,
            Phase.LEGACY_ONLY, null, "default");

    private final RolloutConfigStore store;
    private final AtomicReference<RolloutConfig> current = new AtomicReference<>(UNTIL_LOADED);
    private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "migration-config-poller");
        t.setDaemon(true);
        return t;
    });

    public RolloutConfigCache(RolloutConfigStore store) {
        this.store = store;
    }

    public void start(Duration interval) {
        poller.scheduleWithFixedDelay(this::reload, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    public RolloutConfig get() {
        return current.get();
    }

    /** After a change through this instance, use it at once. */
    public void set(RolloutConfig config) {
        offer(config);
    }

    /**
     * Keeps the newer of the held and the offered config: a poll that read the row just before a
     * change committed must not undo that change here.
     */
    private RolloutConfig offer(RolloutConfig candidate) {
        return current.getAndUpdate(held -> held.updatedAt() == null || !candidate.updatedAt().isBefore(held.updatedAt()) ? candidate : held);
    }

    private void reload() {
        try {
            RolloutConfig loaded = store.load();
            RolloutConfig old = offer(loaded);
            if (!loaded.equals(old) && old != UNTIL_LOADED && current.get() == loaded) {
                log.info("migration config changed by {}: {}", loaded.updatedBy(), loaded.body());
            }
        } catch (Exception e) {
            log.warn("cannot reload the migration config ({}); keeping the one in use", e.getMessage());
        }
    }

    @Override
    public void close() {
        poller.shutdownNow();
    }
}
