package io.pathstats.common.ops;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import java.util.List;
import org.slf4j.Marker;

/**
 * Drops library warnings that every normal start logs and that no operator can act on, each
 * named by its logger and the start of its message, so that a WARN in pathstats' log always means
 * something. Anything else from the same loggers still gets through. Installed by the services'
 * logback configuration (and the tests').
 */
public final class KnownBenignWarnings extends TurboFilter {
    private record Known(String logger, String messageStart) {
    }

    private static final List<Known> KNOWN = List.of(
            // Kafka Streams, once per stream thread at every start: the topology has no global stores,
            // so there is no global thread whose exceptions a handler could take
            new Known("org.apache.kafka.streams.StreamsConfig", "Processing exception handler is not enabled for the GlobalThread"),
            // the embedded KRaft controller at every start: taking up its role is routine for a single node
            new Known("org.apache.kafka.controller.QuorumController", "[QuorumController id=1] Performing controller activation"),
            // the embedded broker's transaction coordinator while the broker itself is still starting or
            // stopping: it retries until the listener is up
            new Known("org.apache.kafka.clients.NetworkClient", "[TransactionCoordinator id=1] Connection to node"),
            // the embedded broker at every clean stop: its controller channel is closed twice on the way down
            new Known("org.apache.kafka.clients.NetworkClient", "[NodeToControllerChannelManager id=1 name=registration] Attempting to close"));

    /**
     * Kafka's producer at the first transactions of new Streams producers (every fresh start): the
     * broker answers CONCURRENT_TRANSACTIONS while the previous transaction's markers are written,
     * and the producer retries, as the protocol intends. Its message starts with the client's own
     * prefix, and Kafka's logger formats it before logback sees it, so it is matched by its text.
     */
    private static final String RETRIED_PRODUCE_LOGGER = "org.apache.kafka.clients.producer.internals.Sender";
    private static final String RETRIED_PRODUCE = "Got error produce response with correlation id";
    private static final String CONCURRENT_TRANSACTIONS = "Error: CONCURRENT_TRANSACTIONS";

    @Override
    public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
        if (level != Level.WARN || format == null) {
            return FilterReply.NEUTRAL;
        }
        for (Known k : KNOWN) {
            if (k.logger().equals(logger.getName()) && format.startsWith(k.messageStart())) {
                return FilterReply.DENY;
            }
        }
        if (RETRIED_PRODUCE_LOGGER.equals(logger.getName()) && format.contains(RETRIED_PRODUCE) && format.contains(CONCURRENT_TRANSACTIONS)) {
            return FilterReply.DENY;
        }
        return FilterReply.NEUTRAL;
    }
}
