package io.pathstats.pipeline.bench;

/** Starts the pipeline under test (the app runs it as a child JVM with a capped heap); closing stops it. */
@FunctionalInterface
public interface PipelineLauncher {
    AutoCloseable start() throws Exception;
}
