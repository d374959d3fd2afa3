package io.pathstats.query.rollout.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import javax.sql.DataSource;

/** The single row of paths_migration_config; every change is written with its audit row in one transaction. */
public final class RolloutConfigStore {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String COLUMNS = "new_api_percentage, force_new_api_ips, force_old_api_ips, enable_comparison, "
            + "comparison_every_n, phase, updated_at, updated_by";

    private final DataSource dataSource;

    public RolloutConfigStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public RolloutConfig load() throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM paths_migration_config WHERE id = 1");
             ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                throw new IllegalStateException("paths_migration_config has no row; run the migrations (pathstats migrate)");
            }
            return read(rs);
        }
    }

    /** Applies {@code change} to the current row under a row lock, audits old and new, returns the new config. */
    public RolloutConfig update(java.util.function.UnaryOperator<RolloutConfig> change, String who) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                RolloutConfig old;
                try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM paths_migration_config WHERE id = 1 FOR UPDATE");
                     ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    old = read(rs);
                }
                RolloutConfig next = change.apply(old);
                try (PreparedStatement ps = c.prepareStatement("UPDATE paths_migration_config SET new_api_percentage = ?, "
                        + "force_new_api_ips = ?, force_old_api_ips = ?, enable_comparison = ?, comparison_every_n = ?, phase = ?, "
                        + "updated_at = now(), updated_by = ? WHERE id = 1 RETURNING " + COLUMNS)) {
                    ps.setInt(1, next.newApiPercentage());
                    ps.setArray(2, c.createArrayOf("text", next.forceNewApiIps().toArray()));
                    ps.setArray(3, c.createArrayOf("text", next.forceOldApiIps().toArray()));
                    ps.setBoolean(4, next.enableComparison());
                    ps.setInt(5, next.comparisonEveryN());
                    ps.setString(6, next.phase() == null ? null : next.phase().name());
                    ps.setString(7, who);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        next = read(rs);
                    }
                }
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO paths_migration_config_audit (changed_by, old_value, new_value) "
                        + "VALUES (?, ?::jsonb, ?::jsonb)")) {
                    ps.setString(1, who);
                    ps.setString(2, JSON.writeValueAsString(old.body()));
                    ps.setString(3, JSON.writeValueAsString(next.body()));
                    ps.executeUpdate();
                }
                c.commit();
                return next;
            } catch (SQLException | RuntimeException | com.fasterxml.jackson.core.JsonProcessingException e) {
                c.rollback();
                if (e instanceof SQLException sql) {
                    throw sql;
                }
                throw new IllegalStateException(e);
            }
        }
    }

    private static RolloutConfig read(ResultSet rs) throws SQLException {
        String phase = rs.getString(6);
        return new RolloutConfig(rs.getInt(1), strings(rs.getArray(2)), strings(rs.getArray(3)), rs.getBoolean(4), rs.getInt(5),
                phase == null ? null : Phase.valueOf(phase), rs.getTimestamp(7).toInstant(), rs.getString(8));
    }

    private static List<String> strings(Array array) throws SQLException {
        return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
    }
}
