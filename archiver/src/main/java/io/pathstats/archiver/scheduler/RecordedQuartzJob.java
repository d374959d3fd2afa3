package io.pathstats.archiver.scheduler;

import io.micrometer.core.instrument.MeterRegistry;
import io.pathstats.archiver.jobs.ArchiverJob.JobOutcome;
import io.pathstats.archiver.jobs.ArchiverJob;
import java.util.concurrent.atomic.AtomicLong;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one {@link ArchiverJob} for Quartz and records the run in job_runs. Manual runs arrive with
 * the id of the run the admin call already recorded; scheduled fires record their own, and are
 * skipped when a run of the same job is still going (on any instance).
 */
@DisallowConcurrentExecution
final class RecordedQuartzJob implements Job {
    static final String RUN_ID = "runId";
    private static final Logger log = LoggerFactory.getLogger(RecordedQuartzJob.class);

    private final ArchiverJob job;
    private final JobRuns runs;
    private final String instanceId;
    private final MeterRegistry registry;
    private final AtomicLong lastSuccessEpochSeconds;

    RecordedQuartzJob(ArchiverJob job, JobRuns runs, String instanceId, MeterRegistry registry, AtomicLong lastSuccessEpochSeconds) {
        this.job = job;
        this.runs = runs;
        this.instanceId = instanceId;
        this.registry = registry;
        this.lastSuccessEpochSeconds = lastSuccessEpochSeconds;
    }

    @Override
    public void execute(JobExecutionContext context) throws JobExecutionException {
        try {
            long runId = context.getMergedJobDataMap().containsKey(RUN_ID)
                    ? context.getMergedJobDataMap().getLong(RUN_ID)
                    : runs.tryStart(job.name(), "schedule", context.getScheduledFireTime().toInstant(), instanceId);
            if (runId < 0) {
                log.info("job {} skipped: a run is still in progress", job.name());
                return;
            }
            long started = System.nanoTime();
            try {
                JobOutcome outcome = job.run();
                runs.succeeded(runId, outcome);
                lastSuccessEpochSeconds.set(System.currentTimeMillis() / 1000);
                registry.counter("pathstats.archiver.job.runs", "job", job.name(), "status", "succeeded").increment();
                registry.counter("pathstats.archiver.job.rows", "job", job.name()).increment(outcome.rows());
                registry.counter("pathstats.archiver.job.bytes", "job", job.name()).increment(outcome.bytes());
                log.info("job {} run {} succeeded in {} ms: {}", job.name(), runId, (System.nanoTime() - started) / 1_000_000,
                        outcome.message());
            } catch (Exception e) {
                registry.counter("pathstats.archiver.job.runs", "job", job.name(), "status", "failed").increment();
                String message = e.getClass().getSimpleName() + ": " + e.getMessage();
                runs.failed(runId, message);
                log.error("job {} run {} failed: {}", job.name(), runId, message, e);
            }
        } catch (java.sql.SQLException e) {
            throw new JobExecutionException("cannot record the run of job " + job.name() + ": " + e.getMessage(), e);
        }
    }
}
