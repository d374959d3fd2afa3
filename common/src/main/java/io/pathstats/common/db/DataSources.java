package io.pathstats.common.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.pathstats.common.config.ConfigException;
import io.pathstats.common.config.DbSettings;
import io.pathstats.common.config.Settings;
import io.pathstats.common.ops.HealthCheck;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/** Connection pools. Every session runs in UTC: hour buckets and partition bounds depend on it. */
public final class DataSources {
    private DataSources() {
    }

    public static HikariDataSource create(DbSettings db, String poolName) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(db.url());
        config.setUsername(db.user());
        config.setPassword(db.password());
        config.setMaximumPoolSize(db.poolSize());
        config.setPoolName(poolName);
        config.setConnectionInitSql("SET TIME ZONE 'UTC'");
        // start even while the database is down; callers retry and /health reports the outage
        config.setInitializationFailTimeout(-1);
        config.setConnectionTimeout(5_000);
        config.setValidationTimeout(2_000);
        config.addDataSourceProperty("reWriteBatchedInserts", "true");
        config.addDataSourceProperty("tcpKeepAlive", "true");
        return new HikariDataSource(config);
    }

    /**
     * A pool for a command-line tool, which cannot wait for the database like a service: one
     * connection is tried at once, and a failure names the URL tried and the settings to change.
     */
    public static HikariDataSource forTool(DbSettings db, String poolName) {
        HikariDataSource ds = create(db, poolName);
        try (Connection c = ds.getConnection()) {
            return ds;
        } catch (SQLException e) {
            ds.close();
            throw new ConfigException("cannot reach PostgreSQL at " + db.url() + " (" + e.getMessage() + "); set " + Settings.DB_URL
                    + " (and " + Settings.DB_USER + ", " + Settings.DB_PASSWORD + ") to the database to use, or run the command where a "
                    + "standalone keeps its data (" + Settings.DATA_DIR + ", default ./data): its PostgreSQL is found from there");
        }
    }

    public static HealthCheck healthCheck(DataSource ds) {
        return HealthCheck.of("postgres", () -> {
            try (Connection c = ds.getConnection()) {
                return c.isValid(2) ? HealthCheck.Status.up("reachable") : HealthCheck.Status.down("connection not valid");
            } catch (SQLException e) {
                return HealthCheck.Status.down(e.getMessage());
            }
        });
    }
}
