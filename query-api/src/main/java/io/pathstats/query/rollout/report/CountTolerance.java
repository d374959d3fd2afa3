package io.pathstats.query.rollout.report;


/**
 * When two read paths agree on a path's requests: within 1% of the legacy count, or one request
 * (the reference plan's tolerance). The shadow comparisons and GET /paths/compare both judge by it.
 */
public final class CountTolerance {
    public static final double RELATIVE = 0.01;

    private CountTolerance() {
    }

    public static boolean matches(long legacyRequests, long newRequests) {
        return Math.abs(newRequests - legacyRequests) <= Math.max(1, RELATIVE * legacyRequests);
    }
}
