package io.pathstats.archiver.scheduler;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.pathstats.archiver.api.JobInfo;
import io.pathstats.archiver.api.JobRun;
import io.pathstats.archiver.jobs.ArchiverJob;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TimeZone;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.quartz.CronScheduleBuilder;
import org.quartz.CronTrigger;
import org.quartz.JobBuilder;
import org.quartz.JobDataMap;
import org.quartz.JobKey;
import org.quartz.ObjectAlreadyExistsException;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.utils.ConnectionProvider;
import org.quartz.utils.DBConnectionManager;

/**
 * Quartz with the clustered JDBC job store on PostgreSQL (tables from Flyway): every instance
 * shares the triggers, and each fire runs on exactly one of them.
 */
public final class JobScheduler implements AutoCloseable {
    private static final String GROUP = "pathstats";

    private final Scheduler scheduler;
    private final Map<String, ArchiverJob> jobs;
    private final Map<String, String> schedules;
    private final JobRuns runs;
    private final String instanceId;

    private JobScheduler(Scheduler scheduler, Map<String, ArchiverJob> jobs, Map<String, String> schedules, JobRuns runs,
                         String instanceId) {
        this.scheduler = scheduler;
        this.jobs = jobs;
        this.schedules = schedules;
        this.runs = runs;
        this.instanceId = instanceId;
    }

    public static JobScheduler start(DataSource dataSource, List<ArchiverJob> jobList, Map<String, String> schedules,
                                     MeterRegistry registry) throws SchedulerException, SQLException {
        String instanceId = hostName() + "-" + ProcessHandle.current().pid() + "-" + UUID.randomUUID().toString().substring(0, 8);
        String dsName = "pathstats-" + instanceId;
        DBConnectionManager.getInstance().addConnectionProvider(dsName, new PoolConnectionProvider(dataSource));
        Properties p = new Properties();
        p.put("org.quartz.scheduler.instanceName", "pathstats-archiver");
        p.put("org.quartz.scheduler.instanceId", instanceId);
        p.put("org.quartz.scheduler.skipUpdateCheck", "true");
        p.put("org.quartz.threadPool.threadCount", "3");
        p.put("org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX");
        // the default delegate fails every poll on PostgreSQL with "Bad value for type long"
        p.put("org.quartz.jobStore.driverDelegateClass", "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate");
        p.put("org.quartz.jobStore.dataSource", dsName);
        p.put("org.quartz.jobStore.tablePrefix", "qrtz_");
        p.put("org.quartz.jobStore.isClustered", "true");
        p.put("org.quartz.jobStore.clusterCheckinInterval", "5000");
        p.put("org.quartz.jobStore.misfireThreshold", "60000");
        StdSchedulerFactory factory = new StdSchedulerFactory(p);
        Scheduler scheduler = factory.getScheduler();

        JobRuns runs = new JobRuns(dataSource);
        runs.failOrphans(instanceId);
        Map<String, ArchiverJob> byName = new LinkedHashMap<>();
        Map<String, AtomicLong> lastSuccess = new LinkedHashMap<>();
        Map<String, Instant> succeeded = runs.lastSuccesses();
        for (ArchiverJob job : jobList) {
            byName.put(job.name(), job);
            Instant before = succeeded.get(job.name());
            AtomicLong last = new AtomicLong(before == null ? 0 : before.getEpochSecond());
            lastSuccess.put(job.name(), last);
            for (String status : List.of("succeeded", "failed")) {
                registry.counter("pathstats.archiver.job.runs", "job", job.name(), "status", status); // present at 0 from the start
            }
            registry.counter("pathstats.archiver.job.rows", "job", job.name());
            registry.counter("pathstats.archiver.job.bytes", "job", job.name());
            // 0 for a job that never succeeded, so "time() - this" alerts fire for it too
            Gauge.builder("pathstats.archiver.job.last.success.timestamp", last, AtomicLong::get).baseUnit("seconds")
                    .description("when the job last succeeded on any archiver instance (seconds since the epoch; 0: never)")
                    .tag("job", job.name()).register(registry);
        }
        scheduler.setJobFactory((bundle, s) -> {
            String name = bundle.getJobDetail().getKey().getName();
            return new RecordedQuartzJob(byName.get(name), runs, instanceId, registry, lastSuccess.get(name));
        });
        for (ArchiverJob job : jobList) {
            register(scheduler, job, schedules.get(job.name()));
        }
        scheduler.start();
        return new JobScheduler(scheduler, byName, schedules, runs, instanceId);
    }

    /**
     * Stores the job and its cron trigger once for the whole cluster. An unchanged stored trigger is
     * left alone: re-creating it would compute a new first fire and could run the current second's
     * fire twice when instances start together. A changed schedule replaces the stored one.
     */
    private static void register(Scheduler scheduler, ArchiverJob job, String cron) throws SchedulerException {
        JobKey key = JobKey.jobKey(job.name(), GROUP);
        TriggerKey triggerKey = TriggerKey.triggerKey(job.name(), GROUP);
        var detail = JobBuilder.newJob(RecordedQuartzJob.class).withIdentity(key).withDescription(job.description())
                .storeDurably().requestRecovery().build();
        Trigger trigger = TriggerBuilder.newTrigger().withIdentity(triggerKey).forJob(detail)
                .withSchedule(CronScheduleBuilder.cronSchedule(cron).inTimeZone(TimeZone.getTimeZone("UTC"))
                        .withMisfireHandlingInstructionFireAndProceed())
                .build();
        Trigger stored = scheduler.getTrigger(triggerKey);
        if (stored instanceof CronTrigger storedCron && storedCron.getCronExpression().equals(cron)) {
            return;
        }
        try {
            if (stored == null) {
                scheduler.scheduleJob(detail, trigger);
            } else {
                scheduler.addJob(detail, true, true);
                scheduler.rescheduleJob(triggerKey, trigger);
            }
        } catch (ObjectAlreadyExistsException raced) {
            // another instance stored it at the same moment; the cluster needs it once
        }
    }

    public boolean knows(String job) {
        return jobs.containsKey(job);
    }

    /** Starts a manual run now; returns its id, or -1 if a run of that job is in progress. */
    public long runNow(String job) throws SchedulerException, SQLException {
        long runId = runs.tryStart(job, "manual", null, instanceId);
        if (runId >= 0) {
            scheduler.triggerJob(JobKey.jobKey(job, GROUP), new JobDataMap(Map.of(RecordedQuartzJob.RUN_ID, runId)));
        }
        return runId;
    }

    public List<JobInfo> describe() throws SchedulerException, SQLException {
        List<JobInfo> out = new ArrayList<>();
        for (ArchiverJob job : jobs.values()) {
            Trigger t = scheduler.getTrigger(TriggerKey.triggerKey(job.name(), GROUP));
            List<JobRun> last = runs.recent(job.name(), 1);
            out.add(new JobInfo(job.name(), job.description(), schedules.get(job.name()) + " (UTC)",
                    t == null || t.getNextFireTime() == null ? null : t.getNextFireTime().toInstant().toString(),
                    t == null || t.getPreviousFireTime() == null ? null : t.getPreviousFireTime().toInstant().toString(),
                    last.isEmpty() ? null : last.get(0)));
        }
        return out;
    }

    public JobRuns runs() {
        return runs;
    }

    public boolean isRunning() throws SchedulerException {
        return scheduler.isStarted() && !scheduler.isShutdown() && !scheduler.isInStandbyMode();
    }

    @Override
    public void close() throws SchedulerException {
        scheduler.shutdown(true);
    }

    private static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            return "host";
        }
    }

    /** Hands Quartz connections from the service's pool instead of a second pool of its own. */
    private record PoolConnectionProvider(DataSource dataSource) implements ConnectionProvider {
        @Override
        public Connection getConnection() throws SQLException {
            return dataSource.getConnection();
        }

        @Override
        public void shutdown() {
            // the pool belongs to the service and is closed by it
        }

        @Override
        public void initialize() {
            // nothing: the pool is already running
        }
    }
}
