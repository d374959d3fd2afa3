package io.pathstats.archiver.jobs;


/** One kind of archiver work. Runs are recorded in job_runs by the scheduler, not by the job. */
public interface ArchiverJob {
    String ARCHIVE = "archive";
    String CLEANUP = "cleanup";
    String MONITOR = "monitor";
    String PARTITIONS = "partitions";
    String SNAPSHOT_PRUNE = "snapshot-prune";
    /** Every job's name, for help texts. */
    String NAMES = ARCHIVE + ", " + CLEANUP + ", " + MONITOR + ", " + PARTITIONS + ", " + SNAPSHOT_PRUNE;

    String name();

    String description();

    /** Does the work; throws to mark the run failed (the message is recorded for operators). */
    JobOutcome run() throws Exception;

    /** What a run did, recorded in job_runs. */
    record JobOutcome(long rows, long bytes, String message) {
    }
}
