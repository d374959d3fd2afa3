package io.pathstats.app;

import com.zaxxer.hikari.HikariDataSource;
import io.pathstats.common.config.DbSettings;
import io.pathstats.common.config.Env;
import io.pathstats.common.config.Settings;
import io.pathstats.common.db.DataSources;
import io.pathstats.embedded.EmbeddedPostgresServer;
import io.pathstats.embedded.StablePort;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The database a CLI tool (migrate, reaggregate, archive restore) works on: {@code PATHSTATS_DB_URL}
 * when it is set; otherwise the embedded PostgreSQL of a standalone whose data directory
 * ({@code PATHSTATS_DATA_DIR}, default ./data) records its port, so commands run beside a standalone
 * find it without being told; otherwise the default URL. Opened at once: an unreachable database is
 * an error that names the URL tried.
 */
final class ToolDatabase {
    private static final Logger log = LoggerFactory.getLogger(ToolDatabase.class);

    private ToolDatabase() {
    }

    static HikariDataSource open(Env env, String poolName) {
        return DataSources.forTool(settings(env), poolName);
    }

    static DbSettings settings(Env env) {
        DbSettings configured = DbSettings.fromEnv(env);
        if (env.isSet(Settings.DB_URL)) {
            return configured;
        }
        Path portFile = EmbeddedPostgresServer.portFile(DataDir.postgres(DataDir.resolve(env)));
        Integer port;
        try {
            port = StablePort.read(portFile);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + portFile, e);
        }
        if (port == null) {
            return configured;
        }
        DbSettings standalone = new DbSettings(EmbeddedPostgresServer.jdbcUrl(port, StandaloneCommand.DATABASE),
                EmbeddedPostgresServer.SUPERUSER, "", configured.poolSize());
        log.info("using the standalone's PostgreSQL at {} (port kept in {}); set {} for another database", standalone.url(), portFile,
                Settings.DB_URL);
        return standalone;
    }
}
