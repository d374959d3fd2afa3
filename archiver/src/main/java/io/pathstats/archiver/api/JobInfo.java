package io.pathstats.archiver.api;


/**
 * One job in {@code GET /admin/jobs}.
 *
 * @param schedule its Quartz cron expression, with the zone: "0 0 2 * * ? (UTC)"
 * @param lastRun  null when it never ran
 */
public record JobInfo(String job, String description, String schedule, String nextFire, String previousFire, JobRun lastRun) {
}
