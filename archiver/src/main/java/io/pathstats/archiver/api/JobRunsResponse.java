package io.pathstats.archiver.api;

import java.util.List;

/** The body of {@code GET /admin/jobs/runs}: newest first. */
public record JobRunsResponse(List<JobRun> runs) {
}
