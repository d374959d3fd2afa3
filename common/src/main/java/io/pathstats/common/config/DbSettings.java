package io.pathstats.common.config;


/** A PostgreSQL server; standalone mode fills these in for its embedded server. */
public record DbSettings(String url, String user, String password, int poolSize) {
    public DbSettings {
        if (!url.startsWith("jdbc:postgresql://")) {
            throw new ConfigException(Settings.DB_URL + "=" + url + " must be a jdbc:postgresql://host:port/database URL");
        }
    }

    public static DbSettings fromEnv(Env env) {
        return new DbSettings(env.string(Settings.DB_URL, "jdbc:postgresql://127.0.0.1:5432/pathstats"),
                env.string(Settings.DB_USER, "pathstats"),
                env.secret(Settings.DB_PASSWORD, "pathstats"),
                env.integer(Settings.DB_POOL_SIZE, 8, 2, 200));
    }

    public DbSettings withUrl(String newUrl) {
        return new DbSettings(newUrl, user, password, poolSize);
    }

    @Override
    public String toString() {
        return "DbSettings[url=" + url + ", user=" + user + ", poolSize=" + poolSize + "]";
    }
}
