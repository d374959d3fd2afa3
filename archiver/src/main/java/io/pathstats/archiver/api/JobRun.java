package io.pathstats.archiver.api;


/** One run of an archiver job, as {@code GET /admin/jobs/runs} and {@code /admin/jobs} show it; instants are ISO-8601, null when unset. */
public record JobRun(long id, String job, String trigger, String status, String scheduledFor, String startedAt, String finishedAt,
                     long durationMs, long rows, long bytes, String message) {
}
