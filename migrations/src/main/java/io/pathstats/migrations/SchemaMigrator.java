package io.pathstats.migrations;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Applies the Flyway migrations under db/migration; every service calls it at start unless told not to. */
public final class SchemaMigrator {
    private static final Logger log = LoggerFactory.getLogger(SchemaMigrator.class);

    private SchemaMigrator() {
    }

    public static MigrateResult migrate(DataSource dataSource) {
        return migrate(dataSource, null);
    }

    /**
     * @param schema the schema to build (created if missing), or null for the connection's default;
     *               a second copy of the schema lets a benchmark measure another design on the same tables
     */
    public static MigrateResult migrate(DataSource dataSource, String schema) {
        var configuration = Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                // services start together in standalone and compose: Flyway's own lock serialises them
                .lockRetryCount(120);
        if (schema != null) {
            configuration.schemas(schema);
        }
        MigrateResult result = configuration.load().migrate();
        log.info("database schema{} at version {} ({} migration(s) applied now)", schema == null ? "" : " " + schema,
                result.targetSchemaVersion != null ? result.targetSchemaVersion : result.initialSchemaVersion,
                result.migrationsExecuted);
        return result;
    }
}
