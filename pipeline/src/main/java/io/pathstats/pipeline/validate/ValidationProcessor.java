package io.pathstats.pipeline.validate;

import io.pathstats.common.event.EventParser;
import io.pathstats.common.event.ParseOutcome;
import io.pathstats.pipeline.PipelineMetrics;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/** Routes one raw event to the validated topic or, with its reason, to the dead-letter topic. Never throws. */
final class ValidationProcessor implements Processor<byte[], byte[], byte[], byte[]> {
    private final EventParser parser;
    private final PipelineMetrics metrics;
    private ProcessorContext<byte[], byte[]> context;

    ValidationProcessor(EventParser parser, PipelineMetrics metrics) {
        this.parser = parser;
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<byte[], byte[]> context) {
        this.context = context;
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        ParseOutcome outcome = parser.parse(record.value());
        if (outcome instanceof ParseOutcome.Valid v) {
            metrics.valid();
            byte[] value = ValidatedEventCodec.encode(v.event());
            context.forward(record.withKey(ValidatedEventCodec.key(value)).withValue(value), ValidationTopology.VALID_SINK);
        } else if (outcome instanceof ParseOutcome.Invalid bad) {
            metrics.invalid(bad.reason());
            RecordHeaders headers = new RecordHeaders(record.headers().toArray());
            headers.add(DlqHeaders.REASON, bad.reason().tag().getBytes(StandardCharsets.UTF_8));
            headers.add(DlqHeaders.DETAIL, bad.detail().getBytes(StandardCharsets.UTF_8));
            context.recordMetadata().ifPresent(m -> headers.add(DlqHeaders.SOURCE,
                    (m.topic() + "-" + m.partition() + "@" + m.offset()).getBytes(StandardCharsets.UTF_8)));
            context.forward(record.withHeaders(headers), ValidationTopology.DLQ_SINK);
        }
    }
}
