package io.pathstats.query.canary;

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
public final class MigrationConfigCache implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MigrationConfigCache.class);
    private static final MigrationConfig UNTIL_LOADED = new MigrationConfig(0, java.util.List.of(), java.util.List.of(), false, 10,
            Phase.LEGACY_ONLY, null, "default");

    private final MigrationConfigStore store;
    private final AtomicReference<MigrationConfig> current = new AtomicReference<>(UNTIL_LOADED);
    private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "migration-config-poller");
        t.setDaemon(true);
        return t;
    });

    public MigrationConfigCache(MigrationConfigStore store) {
        this.store = store;
    }

    public void start(Duration interval) {
        poller.scheduleWithFixedDelay(this::reload, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    public MigrationConfig get() {
        return current.get();
    }

    /** After a change through this instance, use it at once. */
    public void set(MigrationConfig config) {
        offer(config);
    }

    /**
     * Keeps the newer of the held and the offered config: a poll that read the row just before a
     * change committed must not undo that change here.
     */
    private MigrationConfig offer(MigrationConfig candidate) {
        return current.getAndUpdate(held -> held.updatedAt() == null || !candidate.updatedAt().isBefore(held.updatedAt()) ? candidate : held);
    }

    private void reload() {
        try {
            MigrationConfig loaded = store.load();
            MigrationConfig old = offer(loaded);
            if (!loaded.equals(old) && old != UNTIL_LOADED && current.get() == loaded) {
                log.info("migration config changed by {}: {}", loaded.updatedBy(), loaded.toJson());
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
