package io.pathstats.app;

import io.pathstats.common.config.HttpSettings;
import io.pathstats.common.ops.HttpServer;
import io.pathstats.ingest.IngestConfig;
import io.pathstats.ingest.IngestService;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "ingest", description = {"Run the HTTP ingest listener: POST /events (NDJSON or a JSON array of events) and the",
        "OpenTelemetry traces receiver POST /v1/traces (OTLP/HTTP, protobuf or JSON), publishing to Kafka (PATHSTATS_KAFKA_BOOTSTRAP).",
        "Optional bearer token: PATHSTATS_INGEST_TOKEN."})
final class IngestCommand implements Callable<Integer> {
    @Override
    public Integer call() throws Exception {
        ServiceRuntime rt = ServiceRuntime.fromSystemEnv();
        HttpSettings http = HttpSettings.fromEnv(rt.env, 8083);
        IngestConfig config = IngestConfig.fromEnv(rt.env);
        IngestService ingest = rt.closeLater(IngestService.start(config, rt.metrics, rt.health, Clock.systemUTC()));
        HttpServer server = rt.closeLater(HttpServer.start(http, rt.health, rt.metrics, List.of(ingest.routes())));
        Endpoints.log("ingest", http.host(), server.port(), config.kafka(), Set.of(Endpoints.Role.INGEST));
        rt.awaitShutdown();
        return 0;
    }
}
