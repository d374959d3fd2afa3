package io.pathstats.bench;

import com.zaxxer.hikari.HikariDataSource;
import io.pathstats.common.config.DbSettings;
import io.pathstats.common.config.KafkaSettings;
import io.pathstats.common.db.DataSources;
import io.pathstats.embedded.DataDirectories;
import io.pathstats.embedded.EmbeddedKafkaBroker;
import io.pathstats.embedded.EmbeddedPostgresServer;
import io.pathstats.embedded.FreePorts;
import io.pathstats.migrations.PartitionMaintenance;
import io.pathstats.migrations.SchemaMigrator;
import io.pathstats.pipeline.produce.TopicSetup;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Throw-away servers for one benchmark run: a Kafka broker in this JVM and PostgreSQL with the
 * durability settings standalone uses (fsync and synchronous_commit on), in a temporary directory.
 */
public final class BenchInfrastructure implements AutoCloseable {
    public static final String APP_ID = "pathstats-bench";

    public final Path dir;
    public final KafkaSettings kafka;
    public final DbSettings db;
    public final HikariDataSource dataSource;
    private final EmbeddedKafkaBroker broker;
    private final EmbeddedPostgresServer postgres;

    private BenchInfrastructure(Path dir, EmbeddedKafkaBroker broker, EmbeddedPostgresServer postgres) throws Exception {
        this.dir = dir;
        this.broker = broker;
        this.postgres = postgres;
        this.kafka = new KafkaSettings(broker.bootstrapServers(), "traffic-events");
        postgres.ensureDatabase("bench");
        this.db = new DbSettings(postgres.jdbcUrl("bench"), EmbeddedPostgresServer.SUPERUSER, "", 4);
        this.dataSource = DataSources.create(db, "bench");
        SchemaMigrator.migrate(dataSource);
        PartitionMaintenance.ensurePartitions(dataSource, 3);
        TopicSetup.ensureTopics(kafka, 4);
    }

    public static BenchInfrastructure start() throws Exception {
        return start(true);
    }

    /**
     * @param durable fsync, synchronous_commit and full_page_writes on, as standalone runs PostgreSQL;
     *                off only to compare with a peer measured without them
     */
    public static BenchInfrastructure start(boolean durable) throws Exception {
        Path dir = Files.createTempDirectory("pathstats-bench-");
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir.resolve("kafka"), 0);
        EmbeddedPostgresServer pg = EmbeddedPostgresServer.start(dir.resolve("postgres"), 0, durable, true);
        return new BenchInfrastructure(dir, broker, pg);
    }

    /**
     * The pipeline as a deployment runs it: {@code pathstats pipeline} in its own JVM with the heap capped.
     *
     * @param mainClass the {@code pathstats} executable's main class, on this JVM's class path
     */
    public PipelineLauncher pipelineLauncher(String heap, String jvmOptions, String mainClass) {
        return () -> {
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.add("-Xmx" + heap);
            if (!jvmOptions.isBlank()) {
                command.addAll(List.of(jvmOptions.trim().split("\\s+")));
            }
            command.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass, "pipeline"));
            ProcessBuilder pb = new ProcessBuilder(command);
            pb.environment().put("PATHSTATS_KAFKA_BOOTSTRAP", kafka.bootstrap());
            pb.environment().put("PATHSTATS_DB_URL", db.url());
            pb.environment().put("PATHSTATS_DB_USER", db.user());
            int httpPort = FreePorts.pick();
            pb.environment().put("PATHSTATS_HTTP_PORT", Integer.toString(httpPort));
            pb.environment().put("PATHSTATS_DATA_DIR", dir.resolve("pipeline").toString());
            pb.environment().put("PATHSTATS_MIGRATE_ON_START", "false");
            pb.environment().put("PATHSTATS_STREAMS_APP_ID", APP_ID);
            File log = dir.resolve("pipeline.log").toFile();
            pb.redirectErrorStream(true).redirectOutput(log);
            System.out.println("pipeline: child JVM with -Xmx" + heap + ", log in " + log);
            Process p = pb.start();
            URI metrics = URI.create("http://127.0.0.1:" + httpPort + "/metrics");
            HttpClient http = HttpClient.newHttpClient();
            return new PipelineLauncher.RunningPipeline() {
                @Override
                public double compilationSeconds() throws Exception {
                    HttpResponse<String> scrape = http.send(HttpRequest.newBuilder(metrics).timeout(Duration.ofSeconds(10)).build(),
                            HttpResponse.BodyHandlers.ofString());
                    return CompilationTime.fromScrape(scrape.body());
                }

                @Override
                public void close() throws InterruptedException {
                    p.destroy();
                    if (!p.waitFor(30, TimeUnit.SECONDS)) {
                        p.destroyForcibly();
                    }
                }
            };
        };
    }

    /** The server's settings that decide the figures, printed beside them. */
    public String settings() throws java.sql.SQLException {
        return BenchDatabase.settings(dataSource);
    }

    @Override
    public void close() throws Exception {
        dataSource.close();
        postgres.close();
        broker.close();
        // a 2M-event run leaves ~450 MB of broker and database files; only the pipeline's log is kept
        for (String data : List.of("kafka", "postgres", "pipeline", "s3")) {
            DataDirectories.delete(dir.resolve(data));
        }
    }
}
