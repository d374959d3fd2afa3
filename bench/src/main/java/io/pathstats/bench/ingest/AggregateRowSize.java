package io.pathstats.bench.ingest;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import javax.sql.DataSource;

/** What an hourly aggregate row costs in storage: the whole row, its latency sketch, and the sketch's bins. */
record AggregateRowSize(long rows, double rowBytes, double sketchBytes, double binsPerRow, double requestsPerRow) {
    static AggregateRowSize measure(DataSource dataSource) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*), avg(pg_column_size(h.*)), avg(pg_column_size(latency_sketch)), "
                     + "avg(cardinality(latency_sketch)), avg(requests) FROM path_stats_hourly h")) {
            rs.next();
            return new AggregateRowSize(rs.getLong(1), rs.getDouble(2), rs.getDouble(3), rs.getDouble(4), rs.getDouble(5));
        }
    }

    String jsonFields() {
        return String.format(Locale.ROOT, "\"aggregateRows\":%d,\"aggregateRowBytes\":%.0f,\"sketchBytes\":%.0f,\"sketchBins\":%.1f",
                rows, rowBytes, sketchBytes, binsPerRow);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%,d hourly rows of %.0f bytes on average, %.0f of them the latency sketch (%.1f bins; "
                + "%.0f requests per row)", rows, rowBytes, sketchBytes, binsPerRow, requestsPerRow);
    }
}
