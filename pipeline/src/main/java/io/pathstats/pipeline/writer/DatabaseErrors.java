package io.pathstats.pipeline.writer;

import java.sql.SQLException;

/**
 * Tells a batch PostgreSQL refuses for its data from a database that is unavailable. Only the
 * first is a reason to take events out of the batch; everything else (connections lost, the server
 * shutting down, out of disk, a lock timeout) is waited out, with the batch held.
 */
final class DatabaseErrors {
    private static final String UNIQUE_VIOLATION = "23505";

    private DatabaseErrors() {
    }

    /**
     * SQLSTATE classes 22 (data exception: bad encoding, a value out of range), 23 (integrity
     * constraint: a CHECK or NOT NULL an operator added; not a unique violation, which means another
     * writer stored the event first) and 54 (program limit exceeded: an index entry too large).
     */
    static boolean isDataError(SQLException e) {
        String state = e.getSQLState();
        if (state == null || state.length() != 5) {
            return false;
        }
        String errorClass = state.substring(0, 2);
        return errorClass.equals("22") || errorClass.equals("54") || (errorClass.equals("23") && !state.equals(UNIQUE_VIOLATION));
    }

    static boolean isUniqueViolation(SQLException e) {
        return UNIQUE_VIOLATION.equals(e.getSQLState());
    }
}
