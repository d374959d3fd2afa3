package io.pathstats.query.rollout.routing;

import io.pathstats.query.rollout.config.RolloutConfig;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Decides the read path of one request. The bucket of a client is a well-mixed 64-bit hash of its
 * IP, unsigned, mod 100: stable per client, even across clients (one byte of SHA-256 mod 100, as
 * in the reference, favours buckets 0..55).
 */
public final class CanaryRouter {
    public enum Route {
        NEW, LEGACY;

        public String label() {
            return name().toLowerCase();
        }
    }

    private CanaryRouter() {
    }

    public static Route route(String clientIp, RolloutConfig config) {
        if (clientIp != null && config.forceOldApiIps().contains(clientIp)) {
            return Route.LEGACY;
        }
        if (clientIp != null && config.forceNewApiIps().contains(clientIp)) {
            return Route.NEW;
        }
        return bucket(clientIp) < config.newApiPercentage() ? Route.NEW : Route.LEGACY;
    }

    /** 0..99 */
    public static int bucket(String clientIp) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(String.valueOf(clientIp).getBytes(StandardCharsets.UTF_8));
            long h = 0;
            for (int i = 0; i < 8; i++) {
                h = (h << 8) | (d[i] & 0xff);
            }
            return (int) Long.remainderUnsigned(h, 100);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }
}
