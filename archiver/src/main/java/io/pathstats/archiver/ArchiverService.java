package io.pathstats.archiver;

import io.micrometer.core.instrument.MeterRegistry;
import io.pathstats.archiver.admin.AdminRoutes;
import io.pathstats.archiver.jobs.ArchiveJob;
import io.pathstats.archiver.jobs.ArchiverJob;
import io.pathstats.archiver.jobs.CleanupJob;
import io.pathstats.archiver.jobs.PartitionsJob;
import io.pathstats.archiver.jobs.SnapshotPruneJob;
import io.pathstats.archiver.jobs.StorageMonitor;
import io.pathstats.archiver.scheduler.JobScheduler;
import io.pathstats.archiver.store.ArchiveScope;
import io.pathstats.common.ops.AdminAuth;
import io.pathstats.common.ops.HealthCheck;
import io.pathstats.common.ops.HealthRegistry;
import io.pathstats.common.s3.S3Clients;
import java.time.Clock;
import java.util.List;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.S3Client;

/** The archiver's scheduler and jobs, wired by constructor. */
public final class ArchiverService implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ArchiverService.class);

    private final JobScheduler scheduler;
    private final AdminRoutes routes;
    private final S3Client s3;

    private ArchiverService(JobScheduler scheduler, AdminRoutes routes, S3Client s3) {
        this.scheduler = scheduler;
        this.routes = routes;
        this.s3 = s3;
    }

    public static ArchiverService start(ArchiverConfig config, DataSource dataSource, MeterRegistry registry,
                                        HealthRegistry health, AdminAuth auth, Clock clock) throws Exception {
        S3Client s3 = S3Clients.create(config.s3());
        health.register(S3Clients.healthCheck(s3, config.s3().bucket()));
        try {
            S3Clients.ensureBucket(s3, config.s3().bucket());
        } catch (RuntimeException e) {
            // not fatal: archive runs fail with a clear error until S3 is reachable, /health says so meanwhile
            log.warn("cannot reach the archive bucket s3://{} at {} ({}); archive runs will fail until it is reachable",
                    config.s3().bucket(), config.s3().endpoint(), e.getMessage());
        }
        ArchiveScope scope = new ArchiveScope(dataSource, s3, config.s3().bucket(), config.retentionDays(), clock);
        StorageMonitor monitor = new StorageMonitor(scope, registry);
        List<ArchiverJob> jobs = List.of(
                new ArchiveJob(scope),
                new CleanupJob(scope),
                monitor,
                new PartitionsJob(dataSource, config.retentionDays()),
                new SnapshotPruneJob(dataSource, config.keepSnapshots()));
        JobScheduler scheduler = JobScheduler.start(dataSource, jobs, config.schedules(), registry);
        health.register(HealthCheck.of("scheduler", () -> {
            try {
                return scheduler.isRunning() ? HealthCheck.Status.up("running") : HealthCheck.Status.down("not running");
            } catch (Exception e) {
                return HealthCheck.Status.down(e.getMessage());
            }
        }));
        log.info("archiver scheduler started with jobs {}", jobs.stream().map(ArchiverJob::name).toList());
        return new ArchiverService(scheduler, new AdminRoutes(scheduler, monitor, auth), s3);
    }

    public AdminRoutes routes() {
        return routes;
    }

    public JobScheduler scheduler() {
        return scheduler;
    }

    @Override
    public void close() throws Exception {
        scheduler.close();
        s3.close();
    }
}
