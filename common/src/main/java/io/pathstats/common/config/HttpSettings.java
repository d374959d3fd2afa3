package io.pathstats.common.config;

import java.net.URI;
import java.util.Arrays;
import java.util.List;

/**
 * Where a service listens, the bearer token its admin and config-changing calls require, and the
 * browser origins (scheme://host[:port]) allowed to call it from their pages (CORS; none by default).
 */
public record HttpSettings(String host, int port, String adminToken, List<String> corsOrigins) {
    public HttpSettings {
        corsOrigins = List.copyOf(corsOrigins);
    }

    public HttpSettings(String host, int port, String adminToken) {
        this(host, port, adminToken, List.of());
    }

    public static HttpSettings fromEnv(Env env, int defaultPort) {
        String token = env.secret(Settings.ADMIN_TOKEN, "");
        return new HttpSettings(env.string(Settings.HTTP_HOST, "127.0.0.1"),
                env.integer(Settings.HTTP_PORT, defaultPort, 0, 65535), token, corsOrigins(env));
    }

    private static List<String> corsOrigins(Env env) {
        List<String> origins = Arrays.stream(env.string(Settings.CORS_ORIGINS, "").split(",")).map(String::trim)
                .filter(s -> !s.isEmpty()).toList();
        for (String origin : origins) {
            URI uri;
            try {
                uri = URI.create(origin);
            } catch (IllegalArgumentException e) {
                uri = null;
            }
            if (uri == null || uri.getScheme() == null || uri.getHost() == null || (uri.getPath() != null && !uri.getPath().isEmpty())) {
                throw new ConfigException(Settings.CORS_ORIGINS + " holds '" + origin + "', which is not an origin such as "
                        + "https://dashboards.example.com or http://localhost:3000 (scheme, host, optional port; no path)");
            }
        }
        return origins;
    }

    public boolean adminEnabled() {
        return !adminToken.isEmpty();
    }

    @Override
    public String toString() {
        return "HttpSettings[host=" + host + ", port=" + port + ", adminToken=" + (adminEnabled() ? "set" : "unset") + ", corsOrigins="
                + corsOrigins + "]";
    }
}
