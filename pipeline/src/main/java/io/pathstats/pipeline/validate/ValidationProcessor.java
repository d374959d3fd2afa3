package io.pathstats.pipeline.validate;

import io.pathstats.common.event.EventParser;
import io.pathstats.common.event.ParseOutcome;
import io.pathstats.client.TrafficEvent;
import io.pathstats.common.route.RouteTemplater;
import io.pathstats.common.route.Routed;
import io.pathstats.pipeline.PipelineMetrics;
import io.pathstats.pipeline.deadletter.DeadLetter;
import io.pathstats.pipeline.row.EventRow;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Routes one raw event to the validated topic or, with its reason, to the dead-letter topic. Never
 * throws, and never forwards what its topic cannot take: every record gets a verdict.
 */
final class ValidationProcessor implements Processor<byte[], byte[], byte[], byte[]> {
    private final EventParser parser;
    private final Supplier<RouteTemplater> routes;
    private final PipelineMetrics metrics;
    private final FirstSight counted;
    private final int maxDeadLetterBytes;
    private ProcessorContext<byte[], byte[]> context;

    ValidationProcessor(EventParser parser, Supplier<RouteTemplater> routes, PipelineMetrics metrics, FirstSight counted,
                        int maxDeadLetterBytes) {
        this.parser = parser;
        this.routes = routes;
        this.metrics = metrics;
        this.counted = counted;
        this.maxDeadLetterBytes = maxDeadLetterBytes;
    }

    @Override
    public void init(ProcessorContext<byte[], byte[]> context) {
        this.context = context;
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        ParseOutcome outcome = parser.parse(record.value());
        Optional<RecordMetadata> origin = context.recordMetadata();
        boolean firstTime = origin.map(m -> counted.firstTime(m.topic(), m.partition(), m.offset())).orElse(true);
        if (outcome instanceof ParseOutcome.Valid v) {
            if (firstTime) {
                metrics.valid();
            }
            TrafficEvent event = v.event();
            // the producer's route as sent; else the current rules' and the built-in classes'
            byte[] value = EventRow.encode(event, event.route() != null ? Routed.byProducer(event.route()) : routes.get().derive(event.path()));
            context.forward(record.withKey(EventRow.key(value)).withValue(value), ValidationTopology.VALID_SINK);
        } else if (outcome instanceof ParseOutcome.Invalid bad) {
            if (firstTime) {
                metrics.invalid(bad.reason());
            }
            String source = origin.map(m -> m.topic() + "-" + m.partition() + "@" + m.offset()).orElse(null);
            DeadLetter letter = DeadLetter.of(record.key(), record.value(), record.headers(), bad.reason(), bad.detail(), source,
                    maxDeadLetterBytes);
            context.forward(record.withKey(letter.key()).withValue(letter.value()).withHeaders(letter.headers()),
                    ValidationTopology.DLQ_SINK);
        }
    }
}
