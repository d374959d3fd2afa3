package io.pathstats.archiver.api;


/** The body of the 202 answer to {@code POST /admin/jobs/{job}/run}. */
public record RunStarted(long runId, String job, String status) {
}
