package io.pathstats.common.ops;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.config.MeterFilterReply;
import java.util.Set;

/**
 * Keeps of the Kafka clients' metrics (hundreds of series per client) the ones an operator watches:
 * consumer lag, records consumed and sent, fetch and request latency, stream-thread processing and
 * commits. {@code PATHSTATS_METRICS_KAFKA=all} exports every one. pathstats' own
 * {@code pathstats_consumer_lag_events} is the lag per group that alerts use; these are per client.
 */
public final class KafkaMeterFilter implements MeterFilter {
    private static final String KAFKA = "kafka.";

    /** Micrometer's names of the Kafka metrics kept (group and metric joined by dots). */
    static final Set<String> OPERATOR = Set.of(
            "kafka.consumer.fetch.manager.records.lag",
            "kafka.consumer.fetch.manager.records.lag.max",
            "kafka.consumer.fetch.manager.records.consumed.rate",
            "kafka.consumer.fetch.manager.records.consumed.total",
            "kafka.consumer.fetch.manager.fetch.latency.avg",
            "kafka.consumer.fetch.manager.fetch.latency.max",
            "kafka.producer.record.send.rate",
            "kafka.producer.record.send.total",
            "kafka.producer.record.error.total",
            "kafka.producer.request.latency.avg",
            "kafka.producer.request.latency.max",
            "kafka.stream.thread.process.rate",
            "kafka.stream.thread.process.total",
            "kafka.stream.thread.commit.latency.avg",
            "kafka.stream.thread.commit.latency.max");

    private KafkaMeterFilter() {
    }

    /** The filter for a {@code PATHSTATS_METRICS_KAFKA} value: operator (the default) or all (one that keeps every meter). */
    public static MeterFilter forSetting(String value) {
        return switch (value) {
            case "operator" -> new KafkaMeterFilter();
            case "all" -> new MeterFilter() {
            };
            default -> throw new io.pathstats.common.config.ConfigException(io.pathstats.common.config.Settings.METRICS_KAFKA + "=" + value
                    + " is not operator or all");
        };
    }

    @Override
    public MeterFilterReply accept(Meter.Id id) {
        String name = id.getName();
        if (!name.startsWith(KAFKA)) {
            return MeterFilterReply.NEUTRAL;
        }
        return OPERATOR.contains(name) ? MeterFilterReply.NEUTRAL : MeterFilterReply.DENY;
    }
}
