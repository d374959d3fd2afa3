package io.pathstats.bench.ingest;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import javax.sql.DataSource;

/**
 * What PostgreSQL wrote while a benchmark ran: WAL, temporary files and block writes to relations,
 * from the server's cumulative statistics. Read before and after, the difference per event says
 * where the database's write volume goes.
 */
record ServerActivity(long walBytes, long walFullPageImages, long tempBytes, long relationWriteBytes, long tempRelationWriteBytes) {

    static ServerActivity read(DataSource ds) throws SQLException {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("""
                     SELECT (SELECT wal_bytes FROM pg_stat_wal),
                            (SELECT wal_fpi FROM pg_stat_wal),
                            (SELECT temp_bytes FROM pg_stat_database WHERE datname = current_database()),
                            (SELECT coalesce(sum((writes + extends) * op_bytes), 0) FROM pg_stat_io WHERE object = 'relation'),
                            (SELECT coalesce(sum((writes + extends) * op_bytes), 0) FROM pg_stat_io WHERE object = 'temp relation')
                     """)) {
            rs.next();
            return new ServerActivity(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5));
        }
    }

    /** Per event, what was written since {@code before}; statistics reach the views within a second of a transaction's end. */
    String perEventSince(ServerActivity before, long events) {
        return String.format(Locale.ROOT, "WAL %.0f B (%.3f full-page images), temp files %.0f B, relation blocks %.0f B, "
                        + "temp-table blocks %.0f B",
                (walBytes - before.walBytes) / (double) events, (walFullPageImages - before.walFullPageImages) / (double) events,
                (tempBytes - before.tempBytes) / (double) events, (relationWriteBytes - before.relationWriteBytes) / (double) events,
                (tempRelationWriteBytes - before.tempRelationWriteBytes) / (double) events);
    }
}
