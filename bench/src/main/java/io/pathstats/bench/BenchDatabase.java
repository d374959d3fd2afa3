package io.pathstats.bench;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/** Small queries the benchmarks poll, and the server settings they report beside every figure. */
public final class BenchDatabase {
    private BenchDatabase() {
    }

    public static long single(DataSource ds, String sql) throws SQLException {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** The server and settings every benchmark prints beside its figures. */
    public static String settings(DataSource ds) throws SQLException {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT version(), current_setting('fsync'), current_setting('synchronous_commit'), "
                     + "current_setting('shared_buffers'), current_setting('max_wal_size'), current_setting('wal_writer_delay')")) {
            rs.next();
            return rs.getString(1).split(" on ")[0] + ", fsync=" + rs.getString(2) + ", synchronous_commit=" + rs.getString(3)
                    + ", shared_buffers=" + rs.getString(4) + ", max_wal_size=" + rs.getString(5) + ", wal_writer_delay=" + rs.getString(6)
                    + ", cores=" + Runtime.getRuntime().availableProcessors();
        }
    }
}
