package io.pathstats.pipeline.writer;

import io.pathstats.pipeline.row.EventRow;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import org.postgresql.PGConnection;
import org.postgresql.copy.PGCopyOutputStream;

/**
 * A binary COPY of validated records into a table with traffic_events' columns: the rows are the
 * records' own bytes (see {@link EventRow}, collected in {@link CopyRows}) between COPY's header and trailer. Binary,
 * not text: no escaping or timestamp formatting on the client, no parsing on the server.
 */
public final class CopyStream {
    private static final byte[] HEADER = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r', '\n', 0, // signature
            0, 0, 0, 0, // flags
            0, 0, 0, 0}; // header extension length
    private static final byte[] TRAILER = {(byte) 0xff, (byte) 0xff};

    private CopyStream() {
    }

    /** Also used by the benchmark's raw-COPY baseline, so both send the same bytes. */
    public static void copy(Connection c, String table, CopyRows rows) throws SQLException, IOException {
        String sql = "COPY " + table + " (" + EventRow.columnList() + ") FROM STDIN (FORMAT binary)";
        try (var out = new PGCopyOutputStream(c.unwrap(PGConnection.class), sql, 256 * 1024)) {
            out.write(HEADER);
            rows.writeTo(out);
            out.write(TRAILER);
        }
    }
}
