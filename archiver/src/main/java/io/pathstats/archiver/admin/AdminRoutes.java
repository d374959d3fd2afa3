package io.pathstats.archiver.admin;

import io.javalin.config.RoutesConfig;
import io.pathstats.archiver.api.JobRunsResponse;
import io.pathstats.archiver.api.JobsResponse;
import io.pathstats.archiver.api.RunStarted;
import io.pathstats.archiver.jobs.StorageMonitor;
import io.pathstats.archiver.scheduler.JobScheduler;
import io.pathstats.common.ops.AdminAuth;
import io.pathstats.common.ops.ApiError;
import io.pathstats.common.ops.QueryParams;
import io.pathstats.common.ops.ServiceRoutes;
import java.util.Set;

/** Operator endpoints of the archiver; all need the admin bearer token. */
public final class AdminRoutes implements ServiceRoutes {
    private final JobScheduler scheduler;
    private final StorageMonitor storage;
    private final AdminAuth auth;

    public AdminRoutes(JobScheduler scheduler, StorageMonitor storage, AdminAuth auth) {
        this.scheduler = scheduler;
        this.storage = storage;
        this.auth = auth;
    }

    @Override
    public void addTo(RoutesConfig routes) {
        routes.get("/admin/jobs", ctx -> {
            auth.require(ctx);
            ctx.json(new JobsResponse(scheduler.describe()));
        });
        routes.get("/admin/storage", ctx -> {
            auth.require(ctx);
            ctx.json(storage.report(false));
        });
        routes.get("/admin/jobs/runs", ctx -> {
            auth.require(ctx);
            QueryParams params = QueryParams.of(ctx, Set.of("job", "limit"));
            String job = params.text("job", 64);
            if (job != null && !scheduler.knows(job)) {
                throw ApiError.badRequest("job", "unknown job '" + job + "'");
            }
            int limit = params.integer("limit", 50, 1, 500);
            ctx.json(new JobRunsResponse(scheduler.runs().recent(job, limit)));
        });
        routes.post("/admin/jobs/{job}/run", ctx -> {
            auth.require(ctx);
            String job = ctx.pathParam("job");
            if (!scheduler.knows(job)) {
                throw new ApiError(404, "unknown_job", "no job '" + job + "'; GET /admin/jobs lists them");
            }
            long runId = scheduler.runNow(job);
            if (runId < 0) {
                throw new ApiError(409, "already_running", "job " + job + " is already running; GET /admin/jobs/runs?job=" + job);
            }
            ctx.status(202).json(new RunStarted(runId, job, "running"));
        });
    }
}
