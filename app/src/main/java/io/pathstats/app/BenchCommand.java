package io.pathstats.app;

import io.pathstats.bench.BenchInfrastructure;
import io.pathstats.bench.api.ApiBenchmark;
import io.pathstats.bench.archive.ArchiveBenchmark;
import io.pathstats.bench.freshness.FreshnessBenchmark;
import io.pathstats.bench.http.HttpIngestBenchmark;
import io.pathstats.bench.ingest.IngestBenchmark;
import io.pathstats.bench.validate.ValidationBenchmark;
import io.pathstats.common.config.Env;
import io.pathstats.common.config.S3Settings;
import io.pathstats.common.s3.S3Clients;
import io.pathstats.embedded.EmbeddedS3Server;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Benchmarks on real, freshly started infrastructure: a Kafka broker in this JVM, PostgreSQL with
 * the durability settings standalone uses (fsync and synchronous_commit on), and the pipeline in
 * a child JVM with its heap capped, as a deployment would run it.
 */
@Command(name = "bench", description = "Measure ingest throughput and snapshot freshness, each beside baselines from the same run.",
        subcommands = {BenchCommand.Ingest.class, BenchCommand.Freshness.class, BenchCommand.Archive.class, BenchCommand.Api.class,
                BenchCommand.Validate.class, BenchCommand.HttpIngest.class})
final class BenchCommand {
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
        @Option(names = "--urls", defaultValue = "fixed", description = "fixed: one path per route; realistic: also time a second set "
                + "of raw URLs with ids, templated into routes (templatedEventsPerSec) (default: ${DEFAULT-VALUE})")
        String urls;
        @Option(names = "--warmup", defaultValue = "1000000", description = "events per warm-up round, drained before the timed "
                + "run; the first round is reported as the cold-start rate (default: ${DEFAULT-VALUE}; 0 times a cold pipeline)")
        int warmup;
        @Option(names = "--warmup-rounds", defaultValue = "6", description = "warm-up rounds, until the JIT compilers of pipeline "
                + "and broker have done their work, as in a long-running deployment (default: ${DEFAULT-VALUE})")
        int warmupRounds;
        @Option(names = "--durable", defaultValue = "true", arity = "1", description = "PostgreSQL with fsync, synchronous_commit and "
                + "full_page_writes on, as standalone runs it; false only to compare with a peer measured without them "
                + "(default: ${DEFAULT-VALUE})")
        boolean durable;
        @Mixin
        PipelineJvm jvm;

        @Override
        public Integer call() throws Exception {
            try (BenchInfrastructure infra = BenchInfrastructure.start(durable)) {
                IngestBenchmark bench = new IngestBenchmark(infra.kafka, BenchInfrastructure.APP_ID, infra.dataSource, System.out,
                        realistic(urls));
                IngestBenchmark.Result r = bench.run(events, warmup, warmupRounds, duplicates, paths,
                        infra.pipelineLauncher(jvm.heap, jvm.options, PathstatsMain.class.getName()));
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
                        .run(rate, d, infra.pipelineLauncher(jvm.heap, jvm.options, PathstatsMain.class.getName()));
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

    @Command(name = "api", description = "HTTP load on GET /paths from a snapshot, from the SQL fallback and over a 7-day window, "
            + "beside an in-memory endpoint as the HTTP floor. Last line: JSON.")
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
        @Option(names = "--week-rate", defaultValue = "200", description = "requests per second of the paced run over the 7-day "
                + "window (default: ${DEFAULT-VALUE})")
        double weekRate;

        @Override
        public Integer call() throws Exception {
            Duration d = Env.parseDurationArgument("--duration", duration);
            try (BenchInfrastructure infra = BenchInfrastructure.start()) {
                System.out.println("server: " + infra.settings());
                ApiBenchmark.Result r = new ApiBenchmark(infra.dataSource, System.out).run(paths, connections, rate, weekRate, d);
                System.out.println(r.json());
                return 0;
            }
        }
    }

    @Command(name = "validate", description = "Events per second through the contract check on one core, beside only walking "
            + "the same JSON's tokens. Last line: JSON.")
    static final class Validate implements Callable<Integer> {
        @Option(names = "--events", defaultValue = "500000", description = "synthetic events, valid (default: ${DEFAULT-VALUE})")
        int events;
        @Option(names = "--rounds", defaultValue = "15", description = "passes over them; the best is reported (default: ${DEFAULT-VALUE})")
        int rounds;

        @Override
        public Integer call() throws Exception {
            ValidationBenchmark.Result r = new ValidationBenchmark(System.out).run(events, rounds);
            System.out.println(r.json());
            return 0;
        }
    }

    @Command(name = "http-ingest", description = "Events per second through POST /events in batches, from wrk, beside the same "
            + "events published straight to Kafka in the same run. Last line: JSON.")
    static final class HttpIngest implements Callable<Integer> {
        @Option(names = "--batch", defaultValue = "1000", description = "events per request (default: ${DEFAULT-VALUE})")
        int batch;
        @Option(names = "--connections", defaultValue = "8", description = "concurrent wrk connections (default: ${DEFAULT-VALUE})")
        int connections;
        @Option(names = "--duration", defaultValue = "20s", description = "timed run (default: ${DEFAULT-VALUE})")
        String duration;
        @Option(names = "--direct-events", defaultValue = "1000000", description = "events of the direct-to-Kafka baseline "
                + "(default: ${DEFAULT-VALUE})")
        int directEvents;

        @Override
        public Integer call() throws Exception {
            Duration d = Env.parseDurationArgument("--duration", duration);
            try (BenchInfrastructure infra = BenchInfrastructure.start()) {
                HttpIngestBenchmark.Result r = new HttpIngestBenchmark(infra.kafka, System.out).run(batch, connections, d, directEvents);
                System.out.println(r.json());
                return 0;
            }
        }
    }

    private static boolean realistic(String urls) {
        return switch (urls) {
            case "fixed" -> false;
            case "realistic" -> true;
            default -> throw new io.pathstats.common.config.ConfigException("--urls " + urls + " is not fixed or realistic");
        };
    }

    /** How the pipeline under test is run. */
    static final class PipelineJvm {
        @Option(names = "--heap", defaultValue = "256m", description = "pipeline JVM heap cap (default: ${DEFAULT-VALUE})")
        String heap;
        @Option(names = "--pipeline-jvm-opts", defaultValue = PIPELINE_JVM_OPTIONS, description = "JVM options for the pipeline, "
                + "e.g. a profiler (default: ${DEFAULT-VALUE}, as docker-compose.yml runs it)")
        String options;
    }
}
