package io.pathstats.archiver;

import io.micrometer.core.instrument.MeterRegistry;
import io.pathstats.archiver.admin.AdminRoutes;
import io.pathstats.archiver.jobs.ArchiverJob;
import io.pathstats.archiver.jobs.PartitionsJob;
import io.pathstats.archiver.jobs.SnapshotPruneJob;
import io.pathstats.archiver.scheduler.JobScheduler;
import io.pathstats.common.ops.AdminAuth;
import io.pathstats.common.ops.HealthCheck;
import io.pathstats.common.ops.HealthRegistry;
import java.util.List;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The archiver's scheduler and jobs, wired by constructor. */
public final class ArchiverService implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ArchiverService.class);

    private final JobScheduler scheduler;
    private final AdminRoutes routes;

    private ArchiverService(JobScheduler scheduler, AdminRoutes routes) {
        this.scheduler = scheduler;
        this.routes = routes;
    }

    public static ArchiverService start(ArchiverConfig config, DataSource dataSource, MeterRegistry registry,
                                        HealthRegistry health, AdminAuth auth) throws Exception {
        List<ArchiverJob> jobs = List.of(
                new PartitionsJob(dataSource, config.retentionDays()),
                new SnapshotPruneJob(dataSource, config.keepSnapshots()));
        JobScheduler scheduler = JobScheduler.start(dataSource, jobs, config.schedules(), registry);
        health.register(new HealthCheck() {
            @Override
            public String name() {
                return "scheduler";
            }

            @Override
            public Status check() {
                try {
                    return scheduler.isRunning() ? Status.up("running") : Status.down("not running");
                } catch (Exception e) {
                    return Status.down(e.getMessage());
                }
            }
        });
        log.info("archiver scheduler started with jobs {}", jobs.stream().map(ArchiverJob::name).toList());
        return new ArchiverService(scheduler, new AdminRoutes(scheduler, auth));
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
    }
}
