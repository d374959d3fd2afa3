package io.pathstats.app;

import io.pathstats.archiver.ArchiverConfig;
import io.pathstats.archiver.ArchiverService;
import io.pathstats.common.config.DbSettings;
import io.pathstats.common.config.HttpSettings;
import io.pathstats.common.config.KafkaSettings;
import io.pathstats.common.config.S3Settings;
import io.pathstats.common.config.Settings;
import io.pathstats.common.ops.AdminAuth;
import io.pathstats.common.ops.HttpServer;
import io.pathstats.common.traffic.SyntheticTraffic;
import io.pathstats.embedded.EmbeddedKafkaBroker;
import io.pathstats.embedded.EmbeddedPostgresServer;
import io.pathstats.embedded.EmbeddedS3Server;
import io.pathstats.ingest.IngestConfig;
import io.pathstats.ingest.IngestService;
import io.pathstats.pipeline.PipelineConfig;
import io.pathstats.pipeline.PipelineService;
import io.pathstats.pipeline.produce.LoadGenerator;
import io.pathstats.client.TrafficEventProducer;
import io.pathstats.query.QueryApiConfig;
import io.pathstats.query.QueryApiService;
import java.nio.file.Path;
import java.time.Clock;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "standalone", description = {"Run everything in one JVM on real embedded infrastructure:",
        "a Kafka broker, PostgreSQL (unless PATHSTATS_DB_URL is set), an S3 server, the pipeline, the archiver,",
        "the query API and the HTTP ingest listener on one HTTP port. Data is kept under PATHSTATS_DATA_DIR (default ./data)."})
final class StandaloneCommand implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(StandaloneCommand.class);
    /** The database standalone creates in its embedded PostgreSQL. */
    static final String DATABASE = "pathstats";

    @Option(names = "--demo", description = "also publish realistic demo traffic")
    boolean demo;

    @Option(names = "--demo-rate", defaultValue = "200", description = "demo events per second (default: ${DEFAULT-VALUE})")
    double demoRate;

    @Override
    public Integer call() throws Exception {
        ServiceRuntime rt = ServiceRuntime.fromSystemEnv();
        Clock clock = Clock.systemUTC();
        Path dataDir = DataDir.resolve(rt.env);
        log.info("standalone: data directory {}", dataDir);

        KafkaSettings configuredKafka = KafkaSettings.fromEnv(rt.env);
        EmbeddedKafkaBroker broker = rt.closeLater(EmbeddedKafkaBroker.start(dataDir.resolve("kafka"), portOf(configuredKafka.bootstrap())));
        KafkaSettings kafka = new KafkaSettings(broker.bootstrapServers(), configuredKafka.topic());

        DbSettings db;
        if (rt.env.isSet(Settings.DB_URL)) {
            db = DbSettings.fromEnv(rt.env);
            log.info("standalone: using the external PostgreSQL at {}", db.url());
        } else {
            // durable: standalone data is kept, unlike test databases
            EmbeddedPostgresServer pg = rt.closeLater(EmbeddedPostgresServer.start(DataDir.postgres(dataDir), 0, true, false));
            pg.ensureDatabase(DATABASE);
            db = new DbSettings(pg.jdbcUrl(DATABASE), EmbeddedPostgresServer.SUPERUSER, "", DbSettings.fromEnv(rt.env).poolSize());
        }

        S3Settings configuredS3 = S3Settings.fromEnv(rt.env);
        EmbeddedS3Server s3server = rt.closeLater(EmbeddedS3Server.start(dataDir.resolve("s3"), configuredS3.endpoint().getPort(),
                configuredS3.accessKey(), configuredS3.secretKey()));
        S3Settings s3 = new S3Settings(s3server.endpoint(), configuredS3.bucket(), configuredS3.accessKey(), configuredS3.secretKey(),
                configuredS3.region());

        var ds = rt.database(db, "standalone");
        PipelineConfig pipelineConfig = PipelineConfig.fromEnv(rt.env, dataDir).withKafka(kafka).withDb(db);
        rt.closeLater(PipelineService.start(pipelineConfig, ds, rt.metrics, rt.health, clock));
        HttpSettings http = HttpSettings.fromEnv(rt.env, 8080);
        ArchiverService archiver = rt.closeLater(ArchiverService.start(ArchiverConfig.fromEnv(rt.env).withS3(s3), ds, rt.metrics,
                rt.health, new AdminAuth(http.adminToken()), clock));
        QueryApiService api = rt.closeLater(QueryApiService.start(QueryApiConfig.fromEnv(rt.env), ds, rt.metrics,
                new AdminAuth(http.adminToken()), clock));
        IngestService ingest = rt.closeLater(IngestService.start(IngestConfig.fromEnv(rt.env).withKafka(kafka), rt.metrics, rt.health, clock));
        HttpServer server = rt.closeLater(HttpServer.start(http, rt.health, rt.metrics, List.of(api.routes(), archiver.routes(),
                ingest.routes())));

        if (demo) {
            startDemo(rt, kafka, clock);
        }
        log.info("\n  PostgreSQL  {} (user {})\n  S3          {} bucket {}", db.url(), db.user(), s3.endpoint(), s3.bucket());
        Endpoints.log("pathstats standalone", http.host(), server.port(), kafka, EnumSet.allOf(Endpoints.Role.class));
        Endpoints.logAdmin(http, server.port());
        log.info("Ctrl-C stops everything cleanly; data stays in {}", dataDir);
        rt.awaitShutdown();
        return 0;
    }

    private void startDemo(ServiceRuntime rt, KafkaSettings kafka, Clock clock) {
        AtomicBoolean running = new AtomicBoolean(true);
        TrafficEventProducer producer = new TrafficEventProducer(kafka.bootstrap(), kafka.topic());
        Thread t = new Thread(() -> {
            try {
                new LoadGenerator(producer, SyntheticTraffic.demo(System.nanoTime()), clock).run(demoRate, null, running::get, n -> { });
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "demo-traffic");
        t.setDaemon(true);
        rt.closeLater(() -> {
            running.set(false);
            t.join(5_000);
            producer.close();
        });
        t.start();
        log.info("demo traffic: {} events/s of Zipf-distributed paths across proxies edge-eu, edge-us, edge-ap", demoRate);
    }

    private static int portOf(String bootstrap) {
        String first = bootstrap.split(",")[0];
        return Integer.parseInt(first.substring(first.lastIndexOf(':') + 1));
    }
}
