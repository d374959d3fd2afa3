package io.pathstats.query.rollout.routing;

import io.pathstats.common.ops.ApiError;
import io.pathstats.query.api.PathsResponse;
import io.pathstats.query.legacy.LegacyPaths;
import io.pathstats.query.paths.PathsReader;
import io.pathstats.query.paths.PathsRequest;
import io.pathstats.query.rollout.config.Phase;
import io.pathstats.query.rollout.config.RolloutConfig;
import io.pathstats.query.rollout.config.RolloutConfigCache;
import io.pathstats.query.rollout.report.CountTolerance;
import io.pathstats.query.rollout.report.RolloutStatus;
import io.pathstats.query.rollout.routing.CanaryRouter.Route;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * GET /paths behind the canary: routes each request to the new or the legacy read path, falls back
 * to legacy when the new path fails (except in NEW_ONLY), and, with comparison on, answers every
 * Nth legacy request a second time through the new path off the request thread and compares.
 */
public final class RoutedPaths {
    private static final Logger log = LoggerFactory.getLogger(RoutedPaths.class);

    private final PathsReader newPath;
    private final LegacyPaths legacy;
    private final RolloutConfigCache configs;
    private final RolloutStatus status;
    private final ExecutorService shadow;
    private final AtomicLong legacyRequests = new AtomicLong();

    public RoutedPaths(PathsReader newPath, LegacyPaths legacy, RolloutConfigCache configs, RolloutStatus status, ExecutorService shadow) {
        this.newPath = newPath;
        this.legacy = legacy;
        this.configs = configs;
        this.status = status;
        this.shadow = shadow;
    }

    public PathsResponse serve(PathsRequest request, String clientIp) {
        RolloutConfig config = configs.get();
        // a window or order the legacy service does not know goes to the new path whatever the phase
        Route route = legacy.answers(request) ? CanaryRouter.route(clientIp, config) : Route.NEW;
        status.hit(route);
        long started = System.nanoTime();
        PathsResponse response = route == Route.NEW ? viaNew(request, config) : viaLegacy(request, config);
        status.answered(response.metadata().route(), response.metadata().dataSource(), Duration.ofNanos(System.nanoTime() - started));
        return response;
    }

    private PathsResponse viaNew(PathsRequest request, RolloutConfig config) {
        try {
            return newPath.read(request, Route.NEW.label());
        } catch (Exception e) {
            status.error(Route.NEW);
            if (config.phase() == Phase.NEW_ONLY || !legacy.answers(request)) {
                throw new ApiError(503, "new_path_unavailable", "the new read path failed (" + e.getMessage() + ") and "
                        + (config.phase() == Phase.NEW_ONLY ? "phase NEW_ONLY has" : "the legacy service cannot answer this window or order, so there is")
                        + " no fallback");
            }
            log.warn("new read path failed ({}); answering from the legacy path", e.getMessage());
            status.fallback();
            return legacyOrFail(request);
        }
    }

    private PathsResponse viaLegacy(PathsRequest request, RolloutConfig config) {
        PathsResponse answer = legacyOrFail(request);
        if (config.enableComparison() && legacyRequests.incrementAndGet() % config.comparisonEveryN() == 0) {
            try {
                shadow.execute(() -> compare(request, answer));
            } catch (RejectedExecutionException full) {
                // comparisons are best effort: never slow down or fail the client's request
            }
        }
        return answer;
    }

    private PathsResponse legacyOrFail(PathsRequest request) {
        try {
            return legacy.read(request);
        } catch (Exception e) {
            status.error(Route.LEGACY);
            throw new ApiError(502, "legacy_path_unavailable", "the legacy read path failed: " + e.getMessage());
        }
    }

    private void compare(PathsRequest request, PathsResponse legacyAnswer) {
        try {
            PathsResponse fresh = newPath.read(request, Route.NEW.label());
            boolean match = matches(legacyAnswer, fresh);
            status.compared(match);
            if (!match) {
                log.info("shadow comparison mismatch for {}: legacy total {}, new total {}", request, legacyAnswer.pagination().total(),
                        fresh.pagination().total());
            }
        } catch (Exception e) {
            status.error(Route.NEW);
            status.compared(false);
        }
    }

    /** Same paths on the page with request counts within the tolerance. */
    static boolean matches(PathsResponse legacy, PathsResponse fresh) {
        Map<String, Long> counts = new HashMap<>();
        for (PathsResponse.PathItem i : fresh.data()) {
            counts.put(i.route() + "\u0000" + i.proxyId(), i.requestCount());
        }
        for (PathsResponse.PathItem i : legacy.data()) {
            Long other = counts.get(i.route() + "\u0000" + i.proxyId());
            if (other == null || !CountTolerance.matches(i.requestCount(), other)) {
                return false;
            }
        }
        return true;
    }
}
