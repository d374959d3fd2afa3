package io.pathstats.testing;

import com.zaxxer.hikari.HikariDataSource;
import io.pathstats.common.config.DbSettings;
import io.pathstats.common.db.DataSources;
import io.pathstats.migrations.PartitionMaintenance;
import io.pathstats.migrations.SchemaMigrator;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** A migrated database of its own for one test, with day partitions around today. */
public final class TestDatabase implements AutoCloseable {
    private final DbSettings settings;
    private final HikariDataSource dataSource;

    private TestDatabase(DbSettings settings, HikariDataSource dataSource) {
        this.settings = settings;
        this.dataSource = dataSource;
    }

    public static TestDatabase migrated() {
        DbSettings settings = SharedInfrastructure.newDatabase();
        HikariDataSource ds = DataSources.create(settings, "test");
        SchemaMigrator.migrate(ds);
        try {
            PartitionMaintenance.ensurePartitions(ds, 3);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return new TestDatabase(settings, ds);
    }

    public DbSettings settings() {
        return settings;
    }

    public HikariDataSource dataSource() {
        return dataSource;
    }

    /** The first column of the first row of a query, as a long (0 for SQL NULL). */
    public long queryLong(String sql) {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            return rs.next() ? rs.getLong(1) : 0;
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    /** The first column of the first row of a query, as text (null for SQL NULL or no row). */
    public String queryString(String sql) {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    public void execute(String sql) {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
