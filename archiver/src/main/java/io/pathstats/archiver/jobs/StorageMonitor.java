package io.pathstats.archiver.jobs;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.pathstats.archiver.store.ArchiveScope;
import io.pathstats.archiver.store.DetailPartitions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Storage at a glance: table sizes, each day partition's rows and archive state, the oldest day
 * that should be archived but is not, and archive totals. The monitor job computes it with exact
 * row counts, logs it and exports it as metrics; {@code GET /admin/storage} serves a fresh one
 * with the planner's row estimates (cheap enough for every call).
 */
public final class StorageMonitor implements ArchiverJob {
    private static final Logger log = LoggerFactory.getLogger(StorageMonitor.class);

    private final ArchiveScope scope;
    private final DataSource dataSource;
    private final Clock clock;
    private final AtomicReference<Map<String, Object>> last = new AtomicReference<>(Map.of());

    public StorageMonitor(ArchiveScope scope, MeterRegistry registry) {
        this.scope = scope;
        this.dataSource = scope.dataSource();
        this.clock = scope.clock();
        for (String table : List.of("traffic_events", "path_stats_hourly", "path_snapshots", "archive_metadata")) {
            Gauge.builder("pathstats.storage.bytes", last, r -> number(r.get(), "tableBytes", table)).tag("table", table)
                    .description("on-disk size including indexes, as of the last monitor run").register(registry);
        }
        Gauge.builder("pathstats.archive.rows", last, r -> number(r.get(), "archive", "rows"))
                .description("rows held in verified archive objects").register(registry);
        Gauge.builder("pathstats.archive.bytes", last, r -> number(r.get(), "archive", "bytes"))
                .description("bytes of verified archive objects").register(registry);
        Gauge.builder("pathstats.archive.unarchived.days", last, r -> number(r.get(), "archive", "overdueDays"))
                .description("day partitions past the retention that are not fully archived").register(registry);
    }

    @Override
    public String name() {
        return "monitor";
    }

    @Override
    public String description() {
        return "report table and partition sizes, row counts and archive state";
    }

    @Override
    public JobOutcome run() throws Exception {
        Map<String, Object> report = report(true);
        last.set(report);
        log.info("storage: {}", report);
        @SuppressWarnings("unchecked")
        Map<String, Object> archive = (Map<String, Object>) report.get("archive");
        return new JobOutcome((Long) archive.get("rows"), (Long) archive.get("bytes"), "oldest unarchived day: " + archive.get("oldestUnarchivedDay"));
    }

    /** @param exact count rows exactly (the job) or use the planner's estimates (HTTP) */
    public Map<String, Object> report(boolean exact) throws SQLException {
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("generatedAt", clock.instant().toString());
        try (Connection c = dataSource.getConnection()) {
            Map<String, Long> tables = new LinkedHashMap<>();
            for (String table : List.of("traffic_events", "path_stats_hourly", "path_snapshots", "archive_metadata")) {
                tables.put(table, single(c, "SELECT coalesce(sum(pg_total_relation_size(inhrelid)), 0) + pg_total_relation_size('" + table
                        + "'::regclass) FROM pg_inherits WHERE inhparent = '" + table + "'::regclass"));
            }
            report.put("tableBytes", tables);
            LocalDate keepFrom = scope.firstDayToKeep();
            List<Map<String, Object>> partitions = new ArrayList<>();
            LocalDate oldestUnarchived = null;
            long overdue = 0;
            for (LocalDate day : DetailPartitions.daysBefore(c, LocalDate.MAX)) {
                String table = DetailPartitions.tableOf(day);
                long verifiedHours = verifiedHours(c, day);
                Map<String, Object> p = new LinkedHashMap<>();
                p.put("day", day.toString());
                p.put("rows", exact ? single(c, "SELECT count(*) FROM " + table)
                        : single(c, "SELECT greatest(reltuples, 0)::bigint FROM pg_class WHERE relname = '" + table + "'"));
                p.put("bytes", single(c, "SELECT pg_total_relation_size('" + table + "'::regclass)"));
                p.put("archivedHours", verifiedHours);
                partitions.add(p);
                if (day.isBefore(keepFrom) && verifiedHours < 24) {
                    overdue++;
                    if (oldestUnarchived == null) {
                        oldestUnarchived = day;
                    }
                }
            }
            report.put("partitions", partitions);
            report.put("defaultPartitionRows", single(c, "SELECT count(*) FROM traffic_events_default"));
            Map<String, Object> archive = new LinkedHashMap<>();
            try (Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT count(*), coalesce(sum(row_count), 0), coalesce(sum(bytes), 0), min(day), max(day) "
                         + "FROM archive_metadata WHERE status = 'verified'")) {
                rs.next();
                archive.put("objects", rs.getLong(1));
                archive.put("rows", rs.getLong(2));
                archive.put("bytes", rs.getLong(3));
                archive.put("firstDay", rs.getString(4));
                archive.put("lastDay", rs.getString(5));
            }
            archive.put("oldestUnarchivedDay", oldestUnarchived == null ? null : oldestUnarchived.toString());
            archive.put("overdueDays", overdue);
            report.put("archive", archive);
        }
        return report;
    }

    private static long verifiedHours(Connection c, LocalDate day) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM archive_metadata WHERE day = ? AND status = 'verified'")) {
            ps.setObject(1, day);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static long single(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @SuppressWarnings("unchecked")
    private static double number(Map<String, Object> report, String section, String key) {
        Object part = report.get(section);
        if (!(part instanceof Map)) {
            return Double.NaN;
        }
        Object v = ((Map<String, Object>) part).get(key);
        return v instanceof Number n ? n.doubleValue() : Double.NaN;
    }
}
