package io.pathstats.app;

import io.pathstats.common.config.HttpSettings;
import io.pathstats.common.ops.HttpServer;
import io.pathstats.pipeline.PipelineConfig;
import io.pathstats.pipeline.PipelineService;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "pipeline", description = "Run the pipeline service: validation stream, PostgreSQL writers, snapshot writer.")
final class PipelineCommand implements Callable<Integer> {
    @Override
    public Integer call() throws Exception {
        ServiceRuntime rt = ServiceRuntime.fromSystemEnv();
        PipelineConfig config = PipelineConfig.fromEnv(rt.env, DataDir.resolve(rt.env));
        HttpSettings http = HttpSettings.fromEnv(rt.env, 8081);
        var ds = rt.database(config.db(), "pipeline");
        rt.closeLater(PipelineService.start(config, ds, rt.metrics, rt.health, Clock.systemUTC()));
        HttpServer server = rt.closeLater(HttpServer.start(http, rt.health, rt.metrics, List.of()));
        Endpoints.log("pipeline", http.host(), server.port(), config.kafka(), Set.of());
        rt.awaitShutdown();
        return 0;
    }
}
