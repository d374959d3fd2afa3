package io.pathstats.pipeline.row;

import static org.assertj.core.api.Assertions.assertThat;

import io.pathstats.testing.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The one definition of the event row ({@link EventColumn}) against the migrated database: the
 * detail table has exactly these columns, in this order, with these types and nullability, and its
 * primary key is the leading {@link EventColumn#KEY_COLUMNS}. A column added to one and not the
 * other fails here, not in a writer at run time.
 */
class EventRowSchemaIT {
    private record Column(String name, String type, boolean nullable) {
    }

    @Test
    void theDetailTableHasTheRowsColumnsInOrder() throws Exception {
        List<Column> expected = Arrays.stream(EventColumn.values())
                .map(c -> new Column(c.column(), c.informationSchemaType(), c.nullable())).toList();
        try (TestDatabase db = TestDatabase.migrated(); Connection c = db.dataSource().getConnection()) {
            assertThat(columns(c, "traffic_events")).isEqualTo(expected);
            assertThat(primaryKey(c)).isEqualTo(Arrays.stream(EventColumn.values()).limit(EventColumn.KEY_COLUMNS).map(EventColumn::column).toList());
            // the writers' staging table takes the same rows
            try (Statement st = c.createStatement()) {
                st.execute("CREATE TEMP TABLE stage_check (" + EventRow.columnDefinitions() + ")");
            }
            assertThat(columns(c, "stage_check")).extracting(Column::name, Column::type)
                    .isEqualTo(expected.stream().map(col -> org.assertj.core.groups.Tuple.tuple(col.name(), col.type())).toList());
        }
    }

    private static List<Column> columns(Connection c, String table) throws Exception {
        List<Column> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT column_name, data_type, is_nullable FROM information_schema.columns "
                + "WHERE table_name = ? ORDER BY ordinal_position")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Column(rs.getString(1), rs.getString(2), "YES".equals(rs.getString(3))));
                }
            }
        }
        return out;
    }

    private static List<String> primaryKey(Connection c) throws Exception {
        List<String> out = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT a.attname FROM pg_index i "
                + "JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey) "
                + "WHERE i.indrelid = 'traffic_events'::regclass AND i.indisprimary ORDER BY array_position(i.indkey, a.attnum)")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}
