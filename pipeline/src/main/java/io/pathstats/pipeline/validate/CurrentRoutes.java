package io.pathstats.pipeline.validate;

import io.pathstats.common.route.RouteRules;
import io.pathstats.common.route.RouteRulesStore;
import io.pathstats.common.route.RouteTemplater;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The templater of the newest operator rules, for the validation stream: the rules' version is
 * polled every {@code poll}, so a change through any instance applies to the events this one
 * validates after at most that long. Until the rules are first read, and while they cannot be,
 * the last ones read apply (the built-in classes before that).
 */
public final class CurrentRoutes implements Supplier<RouteTemplater>, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(CurrentRoutes.class);

    private final RouteRulesStore store;
    private final AtomicReference<RouteTemplater> templater = new AtomicReference<>(RouteTemplater.builtIn());
    private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "route-rules-poller");
        t.setDaemon(true);
        return t;
    });
    private volatile long version = -1;

    public CurrentRoutes(RouteRulesStore store) {
        this.store = store;
    }

    public void start(Duration poll) {
        refresh();
        poller.scheduleWithFixedDelay(this::refresh, poll.toMillis(), poll.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public RouteTemplater get() {
        return templater.get();
    }

    private void refresh() {
        try {
            if (store.currentVersion() == version) {
                return;
            }
            RouteRules rules = store.current();
            templater.set(rules.templater());
            if (version >= 0) {
                log.info("route rules version {} by {} applied: {} rule(s)", rules.version(), rules.changedBy(), rules.rules().size());
            }
            version = rules.version();
        } catch (Exception e) {
            log.warn("cannot read the route rules ({}); the ones in use stay", e.getMessage());
        }
    }

    @Override
    public void close() {
        poller.shutdownNow();
    }
}
