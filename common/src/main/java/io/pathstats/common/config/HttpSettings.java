package io.pathstats.common.config;


/** Where a service listens and the bearer token its admin and config-changing calls require. */
public record HttpSettings(String host, int port, String adminToken) {
    public static HttpSettings fromEnv(Env env, int defaultPort) {
        String token = env.secret(Settings.ADMIN_TOKEN, "");
        return new HttpSettings(env.string(Settings.HTTP_HOST, "127.0.0.1"),
                env.integer(Settings.HTTP_PORT, defaultPort, 0, 65535), token);
    }

    public boolean adminEnabled() {
        return !adminToken.isEmpty();
    }

    @Override
    public String toString() {
        return "HttpSettings[host=" + host + ", port=" + port + ", adminToken=" + (adminEnabled() ? "set" : "unset") + "]";
    }
}
