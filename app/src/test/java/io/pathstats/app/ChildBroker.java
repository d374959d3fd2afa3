package io.pathstats.app;

import java.io.File;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A Kafka broker in a child JVM (the packaged jar's EmbeddedKafkaBroker) on a fixed data directory
 * and port, so a test can SIGKILL it and start it again while everything else lives on.
 */
final class ChildBroker implements AutoCloseable {
    private final Path dataDir;
    private final int port;
    private final String log;
    private Process process;

    ChildBroker(Path dataDir, int port, String log) {
        this.dataDir = dataDir;
        this.port = port;
        this.log = log;
    }

    String bootstrap() {
        return "127.0.0.1:" + port;
    }

    ChildBroker start() throws Exception {
        Path jar = Path.of("target", "pathstats.jar").toAbsolutePath();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        process = new ProcessBuilder(java, "-Xmx512m", "-cp", jar.toString(), "io.pathstats.embedded.EmbeddedKafkaBroker",
                dataDir.toString(), Integer.toString(port))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(new File(log))).start();
        return this;
    }

    /** SIGKILL, and wait until it is gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the broker did not die within 30 s of SIGKILL");
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null) {
            kill();
        }
    }
}
