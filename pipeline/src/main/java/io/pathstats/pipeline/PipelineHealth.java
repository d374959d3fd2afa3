package io.pathstats.pipeline;

import io.pathstats.common.ops.HealthCheck;
import io.pathstats.pipeline.writer.PostgresWriter;
import java.util.List;
import java.util.Objects;
import org.apache.kafka.streams.KafkaStreams;

/** The pipeline's parts as /health reports them (its progress is {@link io.pathstats.pipeline.progress.ConsumerProgress}). */
final class PipelineHealth {
    private PipelineHealth() {
    }

    static HealthCheck stream(KafkaStreams streams) {
        return HealthCheck.of("validation-stream", () -> {
            KafkaStreams.State state = streams.state();
            boolean up = state == KafkaStreams.State.RUNNING || state == KafkaStreams.State.REBALANCING;
            return new HealthCheck.Status(up, state.name());
        });
    }

    static HealthCheck writers(List<PostgresWriter> writers) {
        return HealthCheck.of("postgres-writers", () -> {
            List<String> failed = writers.stream().map(PostgresWriter::failure).filter(Objects::nonNull).toList();
            if (!failed.isEmpty()) {
                return HealthCheck.Status.down(failed.size() + " of " + writers.size() + " stopped: " + failed.get(0));
            }
            List<String> waiting = writers.stream().map(PostgresWriter::waitingFor).filter(Objects::nonNull).toList();
            return waiting.isEmpty() ? HealthCheck.Status.up(writers.size() + " writing")
                    : HealthCheck.Status.down(waiting.size() + " of " + writers.size() + " waiting for " + waiting.get(0)
                    + "; batches held, offsets not committed");
        });
    }
}
