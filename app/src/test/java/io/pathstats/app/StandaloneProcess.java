package io.pathstats.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.pathstats.embedded.EmbeddedPostgresServer;
import io.pathstats.embedded.FreePorts;
import io.pathstats.embedded.StablePort;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * {@code pathstats standalone} from the packaged jar in a child JVM, always on the same data
 * directory and ports, so that a test can SIGKILL it (broker, database client and all) and start
 * it again as an operator would.
 */
final class StandaloneProcess implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    /** The ports and data directory every life of one standalone shares. */
    record Site(Path dataDir, int kafkaPort, int httpPort, int s3Port, String log) {
        static Site create(Path dataDir, String log) {
            return new Site(dataDir, FreePorts.pickAdjacentPair(), FreePorts.pick(), FreePorts.pick(), log);
        }

        String kafkaBootstrap() {
            return "127.0.0.1:" + kafkaPort;
        }

        String baseUrl() {
            return "http://127.0.0.1:" + httpPort;
        }

        /** The JDBC URL of its embedded PostgreSQL: the port is kept in the data directory from the first start on. */
        String jdbcUrl() throws IOException {
            Integer port = StablePort.read(EmbeddedPostgresServer.portFile(dataDir.resolve("postgres")));
            return port == null ? null : "jdbc:postgresql://127.0.0.1:" + port + "/pathstats";
        }
    }

    private final Process process;
    private final Site site;
    final long startedNanos = System.nanoTime();

    private StandaloneProcess(Process process, Site site) {
        this.process = process;
        this.site = site;
    }

    static StandaloneProcess start(Site site) throws IOException {
        Path jar = Path.of("target", "pathstats.jar").toAbsolutePath();
        assertThat(jar).exists();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx768m", "-jar", jar.toString(), "standalone");
        pb.environment().put("PATHSTATS_DATA_DIR", site.dataDir().toString());
        pb.environment().put("PATHSTATS_HTTP_PORT", Integer.toString(site.httpPort()));
        pb.environment().put("PATHSTATS_KAFKA_BOOTSTRAP", site.kafkaBootstrap());
        pb.environment().put("PATHSTATS_S3_ENDPOINT", "http://127.0.0.1:" + site.s3Port());
        pb.environment().put("PATHSTATS_SNAPSHOT_INTERVAL", "1s");
        pb.redirectErrorStream(true);
        pb.redirectOutput(ProcessBuilder.Redirect.appendTo(new File(site.log())));
        return new StandaloneProcess(pb.start(), site);
    }

    /** Whether /health answers 200: every dependency up. */
    boolean healthy() {
        try {
            HttpResponse<Void> r = HTTP.send(HttpRequest.newBuilder(URI.create(site.baseUrl() + "/health"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
            return r.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** SIGKILL of the whole JVM: broker, pipeline, archiver and API die at once; PostgreSQL is a separate process. */
    void kill9() throws InterruptedException {
        process.destroyForcibly();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    long pid() {
        return process.pid();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
