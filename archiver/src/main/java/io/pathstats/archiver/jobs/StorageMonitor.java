package io.pathstats.archiver.jobs;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.pathstats.archiver.api.StorageReport;
import io.pathstats.archiver.store.ArchiveMetadata;
import io.pathstats.archiver.store.ArchiveScope;
import io.pathstats.migrations.DetailPartitions;
import java.sql.Connection;
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

    private static final List<String> TABLES = List.of("traffic_events", "path_stats_hourly", "path_snapshots", "archive_metadata");

    private final ArchiveScope scope;
    private final DataSource dataSource;
    private final ArchiveMetadata metadata;
    private final Clock clock;
    private final AtomicReference<StorageReport> last = new AtomicReference<>();

    public StorageMonitor(ArchiveScope scope, MeterRegistry registry) {
        this.scope = scope;
        this.dataSource = scope.dataSource();
        this.metadata = scope.metadata();
        this.clock = scope.clock();
        for (String table : TABLES) {
            Gauge.builder("pathstats.storage.bytes", last, r -> r.get() == null ? Double.NaN : r.get().tableBytes().get(table))
                    .tag("table", table).description("on-disk size including indexes, as of the last monitor run").register(registry);
        }
        Gauge.builder("pathstats.archive.rows", last, r -> r.get() == null ? Double.NaN : r.get().archive().rows())
                .description("rows held in verified archive objects").register(registry);
        Gauge.builder("pathstats.archive.bytes", last, r -> r.get() == null ? Double.NaN : r.get().archive().bytes())
                .description("bytes of verified archive objects").register(registry);
        Gauge.builder("pathstats.archive.unarchived.days", last, r -> r.get() == null ? Double.NaN : r.get().archive().overdueDays())
                .description("day partitions past the retention that are not fully archived").register(registry);
    }

    @Override
    public String name() {
        return MONITOR;
    }

    @Override
    public String description() {
        return "report table and partition sizes, row counts and archive state";
    }

    @Override
    public JobOutcome run() throws Exception {
        StorageReport report = report(true);
        last.set(report);
        log.info("storage: {}", report);
        return new JobOutcome(report.archive().rows(), report.archive().bytes(),
                "oldest unarchived day: " + report.archive().oldestUnarchivedDay());
    }

    /** @param exact count rows exactly (the job) or use the planner's estimates (HTTP) */
    public StorageReport report(boolean exact) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            Map<String, Long> tables = new LinkedHashMap<>();
            for (String table : TABLES) {
                tables.put(table, single(c, "SELECT coalesce(sum(pg_total_relation_size(inhrelid)), 0) + pg_total_relation_size('" + table
                        + "'::regclass) FROM pg_inherits WHERE inhparent = '" + table + "'::regclass"));
            }
            LocalDate keepFrom = scope.firstDayToKeep();
            List<StorageReport.Partition> partitions = new ArrayList<>();
            LocalDate oldestUnarchived = null;
            long overdue = 0;
            for (LocalDate day : DetailPartitions.daysBefore(c, LocalDate.MAX)) {
                String table = DetailPartitions.tableOf(day);
                long verifiedHours = metadata.verifiedHours(c, day).size();
                long rows = exact ? single(c, "SELECT count(*) FROM " + table)
                        : single(c, "SELECT greatest(reltuples, 0)::bigint FROM pg_class WHERE relname = '" + table + "'");
                partitions.add(new StorageReport.Partition(day.toString(), rows,
                        single(c, "SELECT pg_total_relation_size('" + table + "'::regclass)"), verifiedHours));
                if (day.isBefore(keepFrom) && verifiedHours < 24) {
                    overdue++;
                    if (oldestUnarchived == null) {
                        oldestUnarchived = day;
                    }
                }
            }
            ArchiveMetadata.Totals totals = metadata.totals(c);
            return new StorageReport(clock.instant().toString(), tables, partitions, single(c, "SELECT count(*) FROM traffic_events_default"),
                    new StorageReport.Archive(totals.objects(), totals.rows(), totals.bytes(), totals.firstDay(), totals.lastDay(),
                            oldestUnarchived == null ? null : oldestUnarchived.toString(), overdue));
        }
    }

    private static long single(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
