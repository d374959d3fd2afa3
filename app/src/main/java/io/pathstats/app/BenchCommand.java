package io.pathstats.app;

import com.zaxxer.hikari.HikariDataSource;
import io.pathstats.common.config.DbSettings;
import io.pathstats.common.config.Env;
import io.pathstats.archiver.bench.ArchiveBenchmark;
import io.pathstats.common.config.KafkaSettings;
import io.pathstats.common.config.S3Settings;
import io.pathstats.common.s3.S3Clients;
import io.pathstats.embedded.EmbeddedS3Server;
import software.amazon.awssdk.services.s3.S3Client;
import io.pathstats.common.db.DataSources;
import io.pathstats.embedded.DataDirectories;
import io.pathstats.embedded.EmbeddedKafkaBroker;
import io.pathstats.embedded.EmbeddedPostgresServer;
import io.pathstats.embedded.FreePorts;
import io.pathstats.migrations.PartitionMaintenance;
import io.pathstats.migrations.SchemaMigrator;
import io.pathstats.pipeline.bench.BenchDatabase;
import io.pathstats.pipeline.bench.CompilationTime;
import io.pathstats.pipeline.bench.FreshnessBenchmark;
import io.pathstats.pipeline.bench.IngestBenchmark;
import io.pathstats.pipeline.bench.PipelineLauncher;
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
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Benchmarks on real, freshly started infrastructure: a Kafka broker in this JVM, PostgreSQL with
 * the durability settings standalone uses (fsync and synchronous_commit on), and the pipeline in
 * a child JVM with its heap capped, as a deployment would run it.
 */
@Command(name = "bench", description = "Measure ingest throughput and snapshot freshness, each beside baselines from the same run.",
        subcommands = {BenchCommand.Ingest.class, BenchCommand.Freshness.class, BenchCommand.Archive.class, BenchCommand.Api.class})
final class BenchCommand {
    private static final String BENCH_APP_ID = "pathstats-bench";
    /**
     * How the pipeline is deployed (docker-compose.yml): with a 256 MB heap, the serial collector
     * costs less CPU than G1 (no concurrent marking, cheaper write barriers); measured in
     * BENCHMARKS.md.
     */
    static final String PIPELINE_JVM_OPTIONS = "-XX:+UseSerialGC";
    private BenchCommand() {
    }

    @Command(name = "ingest", description = "Publish N events, then time the pipeline draining them until counts are exact; "
            + "compare with raw COPY and the naive per-event design. Last line: JSON.")
    static final class Ingest implements Callable<Integer> {
        @Option(names = "--events", defaultValue = "2000000", description = "events to publish (default: ${DEFAULT-VALUE})")
        int events;
        @Option(names = "--duplicates", defaultValue = "0.1", description = "fraction of redeliveries (default: ${DEFAULT-VALUE})")
        double duplicates;
        @Option(names = "--paths", defaultValue = "20000", description = "distinct paths, Zipf-distributed (default: ${DEFAULT-VALUE})")
        int paths;
        @Option(names = "--warmup", defaultValue = "1000000", description = "events per warm-up round, drained before the timed "
                + "run; the first round is reported as the cold-start rate (default: ${DEFAULT-VALUE}; 0 times a cold pipeline)")
        int warmup;
        @Option(names = "--warmup-rounds", defaultValue = "6", description = "warm-up rounds, until the JIT compilers of pipeline "
                + "and broker have done their work, as in a long-running deployment (default: ${DEFAULT-VALUE})")
        int warmupRounds;
        @Mixin
        PipelineJvm jvm;

        @Override
        public Integer call() throws Exception {
            try (BenchInfrastructure infra = BenchInfrastructure.start()) {
                IngestBenchmark.Result r = new IngestBenchmark(infra.kafka, BENCH_APP_ID, infra.dataSource, System.out)
                        .run(events, warmup, warmupRounds, duplicates, paths, infra.pipelineLauncher(jvm));
                System.out.println(r.json());
                return r.exact() ? 0 : 1;
            }
        }
    }

    @Command(name = "freshness", description = "At a steady rate, time from publishing an event to seeing it in the newest snapshot. Last line: JSON.")
    static final class Freshness implements Callable<Integer> {
        @Option(names = "--rate", defaultValue = "5000", description = "events per second (default: ${DEFAULT-VALUE})")
        double rate;
        @Option(names = "--duration", defaultValue = "60s", description = "how long to measure (default: ${DEFAULT-VALUE})")
        String duration;
        @Mixin
        PipelineJvm jvm;

        @Override
        public Integer call() throws Exception {
            Duration d = Env.parseDurationArgument("--duration", duration);
            try (BenchInfrastructure infra = BenchInfrastructure.start()) {
                FreshnessBenchmark.Result r = new FreshnessBenchmark(infra.kafka, infra.dataSource, System.out)
                        .run(rate, d, infra.pipelineLauncher(jvm));
                System.out.println(r.json());
                return 0;
            }
        }
    }

    @Command(name = "archive", description = "Archive N detail rows to S3 and clean them up; compare with COPY TO and DELETE. Last line: JSON.")
    static final class Archive implements Callable<Integer> {
        @Option(names = "--rows", defaultValue = "2000000", description = "rows over two old days (default: ${DEFAULT-VALUE})")
        long rows;

        @Override
        public Integer call() throws Exception {
            try (BenchInfrastructure infra = BenchInfrastructure.start();
                 EmbeddedS3Server s3server = EmbeddedS3Server.start(infra.dir.resolve("s3"), 0, "bench", "bench-secret");
                 S3Client s3 = S3Clients.create(new S3Settings(s3server.endpoint(), "bench-archive", "bench", "bench-secret", "us-east-1"))) {
                S3Clients.ensureBucket(s3, "bench-archive");
                System.out.println("server: " + infra.settings() + "; S3Proxy with a filesystem store on the same disk");
                ArchiveBenchmark.Result r = new ArchiveBenchmark(infra.dataSource, s3, "bench-archive", System.out).run(rows);
                System.out.println(r.json());
                return 0;
            }
        }
    }

    @Command(name = "api", description = "HTTP load on GET /paths from a snapshot and from the SQL fallback, beside an in-memory "
            + "endpoint as the HTTP floor. Last line: JSON.")
    static final class Api implements Callable<Integer> {
        @Option(names = "--paths", defaultValue = "20000", description = "distinct paths (default: ${DEFAULT-VALUE})")
        int paths;
        @Option(names = "--connections", defaultValue = "32", description = "concurrent connections (default: ${DEFAULT-VALUE})")
        int connections;
        @Option(names = "--duration", defaultValue = "20s", description = "length of each load run (default: ${DEFAULT-VALUE})")
        String duration;
        @Option(names = "--rate", defaultValue = "5000", description = "requests per second of the paced runs that measure latency "
                + "at a given load (default: ${DEFAULT-VALUE})")
        double rate;

        @Override
        public Integer call() throws Exception {
            Duration d = Env.parseDurationArgument("--duration", duration);
            try (BenchInfrastructure infra = BenchInfrastructure.start()) {
                System.out.println("server: " + infra.settings());
                ApiBenchmark.Result r = new ApiBenchmark(infra.dataSource, System.out).run(paths, connections, rate, d);
                System.out.println(r.json());
                return 0;
            }
        }
    }

    /** How the pipeline under test is run. */
    static final class PipelineJvm {
        @Option(names = "--heap", defaultValue = "256m", description = "pipeline JVM heap cap (default: ${DEFAULT-VALUE})")
        String heap;
        @Option(names = "--pipeline-jvm-opts", defaultValue = PIPELINE_JVM_OPTIONS, description = "JVM options for the pipeline, "
                + "e.g. a profiler (default: ${DEFAULT-VALUE}, as docker-compose.yml runs it)")
        String options;
    }

    /** Throw-away servers for one benchmark run. */
    static final class BenchInfrastructure implements AutoCloseable {
        final Path dir;
        final EmbeddedKafkaBroker broker;
        final EmbeddedPostgresServer postgres;
        final KafkaSettings kafka;
        final DbSettings db;
        final HikariDataSource dataSource;

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

        static BenchInfrastructure start() throws Exception {
            Path dir = Files.createTempDirectory("pathstats-bench-");
            EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir.resolve("kafka"), 0);
            EmbeddedPostgresServer pg = EmbeddedPostgresServer.start(dir.resolve("postgres"), 0, true, true);
            return new BenchInfrastructure(dir, broker, pg);
        }

        /** The pipeline as a deployment runs it: `pathstats pipeline` in its own JVM with the heap capped. */
        PipelineLauncher pipelineLauncher(PipelineJvm jvm) {
            return () -> {
                List<String> command = new ArrayList<>();
                command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
                command.add("-Xmx" + jvm.heap);
                if (!jvm.options.isBlank()) {
                    command.addAll(List.of(jvm.options.trim().split("\\s+")));
                }
                command.addAll(List.of("-cp", System.getProperty("java.class.path"), PathstatsMain.class.getName(), "pipeline"));
                ProcessBuilder pb = new ProcessBuilder(command);
                pb.environment().put("PATHSTATS_KAFKA_BOOTSTRAP", kafka.bootstrap());
                pb.environment().put("PATHSTATS_DB_URL", db.url());
                pb.environment().put("PATHSTATS_DB_USER", db.user());
                int httpPort = FreePorts.pick();
                pb.environment().put("PATHSTATS_HTTP_PORT", Integer.toString(httpPort));
                pb.environment().put("PATHSTATS_DATA_DIR", dir.resolve("pipeline").toString());
                pb.environment().put("PATHSTATS_MIGRATE_ON_START", "false");
                pb.environment().put("PATHSTATS_STREAMS_APP_ID", BENCH_APP_ID);
                File log = dir.resolve("pipeline.log").toFile();
                pb.redirectErrorStream(true).redirectOutput(log);
                System.out.println("pipeline: child JVM with -Xmx" + jvm.heap + ", log in " + log);
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

        String settings() throws java.sql.SQLException {
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
}
