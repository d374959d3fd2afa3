package io.pathstats.pipeline.validate;

import io.pathstats.common.config.KafkaSettings;
import io.pathstats.common.event.EventParser;
import io.pathstats.common.route.RouteTemplater;
import io.pathstats.pipeline.PipelineMetrics;
import java.util.function.Supplier;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.Topology;

/**
 * The Streams part of the pipeline: every raw event is checked against the contract, valid ones
 * go (normalised, keyed by their aggregate row, in {@link EventRow} form) to the validated topic, the rest to the dead-letter topic.
 * Running with exactly_once_v2 makes each input record land in exactly one of the two once.
 */
public final class ValidationTopology {
    static final String SOURCE = "raw-events";
    static final String VALIDATE = "validate";
    static final String VALID_SINK = "valid";
    static final String DLQ_SINK = "dlq";

    private ValidationTopology() {
    }

    /** @param maxDeadLetterBytes the largest record the dead-letter topic takes; larger dead letters are truncated */
    /** @param routes the templater of the moment (rules can change while the stream runs) */
    public static Topology build(KafkaSettings kafka, EventParser parser, Supplier<RouteTemplater> routes, PipelineMetrics metrics,
                                 int maxDeadLetterBytes) {
        Topology topology = new Topology();
        FirstSight counted = new FirstSight();
        topology.addSource(SOURCE, new ByteArrayDeserializer(), new ByteArrayDeserializer(), kafka.topic());
        topology.addProcessor(VALIDATE, () -> new ValidationProcessor(parser, routes, metrics, counted, maxDeadLetterBytes), SOURCE);
        topology.addSink(VALID_SINK, kafka.validTopic(), new ByteArraySerializer(), new ByteArraySerializer(), VALIDATE);
        topology.addSink(DLQ_SINK, kafka.dlqTopic(), new ByteArraySerializer(), new ByteArraySerializer(), VALIDATE);
        return topology;
    }
}
