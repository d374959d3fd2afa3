package io.pathstats.migrations;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/** The day partitions of traffic_events, by the names partition maintenance gives them. */
public final class DetailPartitions {
    private static final DateTimeFormatter SUFFIX = DateTimeFormatter.BASIC_ISO_DATE;

    private DetailPartitions() {
    }

    public static String tableOf(LocalDate day) {
        return "traffic_events_p" + day.format(SUFFIX);
    }

    /** Existing day partitions strictly before {@code before}, oldest first. */
    public static List<LocalDate> daysBefore(Connection c, LocalDate before) throws SQLException {
        List<LocalDate> days = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT child.relname FROM pg_inherits "
                + "JOIN pg_class child ON child.oid = pg_inherits.inhrelid "
                + "WHERE pg_inherits.inhparent = 'traffic_events'::regclass AND child.relname ~ '^traffic_events_p[0-9]{8}$' "
                + "ORDER BY child.relname");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                LocalDate day = LocalDate.parse(rs.getString(1).substring("traffic_events_p".length()), SUFFIX);
                if (day.isBefore(before)) {
                    days.add(day);
                }
            }
        }
        return days;
    }

    /** Whether the day's partition exists (it is dropped once the day is archived). */
    public static boolean exists(Connection c, LocalDate day) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            ps.setString(1, tableOf(day));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }
}
