package io.pathstats.bench;


/** Starts the pipeline under test (the app runs it as a child JVM with a capped heap). */
@FunctionalInterface
public interface PipelineLauncher {
    RunningPipeline start() throws Exception;

    /** The pipeline under test; closing stops it. */
    interface RunningPipeline extends AutoCloseable {
        /** Seconds its JVM's JIT compilers have worked since it started, as its /metrics reports them. */
        double compilationSeconds() throws Exception;
    }
}
