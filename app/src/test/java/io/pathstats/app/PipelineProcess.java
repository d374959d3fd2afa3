package io.pathstats.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.pathstats.common.config.DbSettings;
import io.pathstats.common.config.KafkaSettings;
import io.pathstats.embedded.FreePorts;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** {@code pathstats pipeline} from the packaged jar in a child JVM, so a test can SIGKILL it. */
final class PipelineProcess implements AutoCloseable {
    private final Process process;
    final int httpPort;

    private PipelineProcess(Process process, int httpPort) {
        this.process = process;
        this.httpPort = httpPort;
    }

    static PipelineProcess start(KafkaSettings kafka, DbSettings db, String applicationId, String name) throws IOException {
        return start(kafka, db, applicationId, name, Map.of());
    }

    /** @param settings more environment of the child, e.g. the route guard's limits */
    static PipelineProcess start(KafkaSettings kafka, DbSettings db, String applicationId, String name, Map<String, String> settings)
            throws IOException {
        Path jar = Path.of("target", "pathstats.jar").toAbsolutePath();
        assertThat(jar).exists();
        int port = FreePorts.pick();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx256m", "-jar", jar.toString(), "pipeline");
        pb.environment().put("PATHSTATS_KAFKA_BOOTSTRAP", kafka.bootstrap());
        pb.environment().put("PATHSTATS_TOPIC", kafka.topic());
        pb.environment().put("PATHSTATS_DB_URL", db.url());
        pb.environment().put("PATHSTATS_DB_USER", db.user());
        pb.environment().put("PATHSTATS_STREAMS_APP_ID", applicationId);
        pb.environment().put("PATHSTATS_HTTP_PORT", Integer.toString(port));
        // beside its log in target/, which mvn clean removes, rather than in /tmp
        pb.environment().put("PATHSTATS_DATA_DIR", Files.createTempDirectory(Path.of("target"), "pipeline-" + name + "-data-").toString());
        pb.environment().put("PATHSTATS_SNAPSHOT_INTERVAL", "1s");
        pb.environment().putAll(settings);
        pb.redirectErrorStream(true);
        pb.redirectOutput(ProcessBuilder.Redirect.appendTo(new File("target/pipeline-" + name + ".log")));
        return new PipelineProcess(pb.start(), port);
    }

    /** SIGKILL: no shutdown hook, no flush, no offset commit. */
    void kill9() throws InterruptedException {
        process.destroyForcibly();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
