package io.pathstats.archiver.api;

import java.util.List;
import java.util.Map;

/**
 * The body of {@code GET /admin/storage}, and what the monitor job logs and exports as metrics.
 *
 * @param tableBytes on-disk size of each table with its indexes and partitions
 */
public record StorageReport(String generatedAt, Map<String, Long> tableBytes, List<Partition> partitions, long defaultPartitionRows,
                            Archive archive) {

    /** One day partition of traffic_events: its rows (exact or the planner's estimate), bytes and verified hours. */
    public record Partition(String day, long rows, long bytes, long archivedHours) {
    }

    /**
     * Verified archive objects over all days, and what is overdue.
     *
     * @param oldestUnarchivedDay the oldest day past the retention not fully archived, or null
     * @param overdueDays         days past the retention not fully archived
     */
    public record Archive(long objects, long rows, long bytes, String firstDay, String lastDay, String oldestUnarchivedDay,
                          long overdueDays) {
    }
}
