package io.pathstats.archiver.api;

import java.util.List;

/** The body of {@code GET /admin/jobs}. */
public record JobsResponse(List<JobInfo> jobs) {
}
