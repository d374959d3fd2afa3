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
    /** A warning of {@code logger} whose message starts with {@code messageStart} and contains every one of {@code alsoContains}. */
    private record Known(String logger, String messageStart, List<String> alsoContains) {
        Known(String logger, String messageStart) {
            this(logger, messageStart, List.of());
        }

        boolean matches(String loggerName, String message) {
            return logger.equals(loggerName) && message.startsWith(messageStart) && alsoContains.stream().allMatch(message::contains);
        }
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
            new Known("org.apache.kafka.clients.NetworkClient", "[NodeToControllerChannelManager id=1 name=registration] Attempting to close"),
            // the producers of new Streams threads at their first transactions (every fresh start): the broker answers
            // CONCURRENT_TRANSACTIONS while the previous transaction's markers are written, and the producer retries, as
            // the protocol intends. Kafka's logger formats the message (behind the client's own prefix) before logback sees it
            new Known("org.apache.kafka.clients.producer.internals.Sender", "[Producer clientId=",
                    List.of("Got error produce response with correlation id", "Error: CONCURRENT_TRANSACTIONS")));

    @Override
    public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
        if (level != Level.WARN || format == null) {
            return FilterReply.NEUTRAL;
        }
        for (Known k : KNOWN) {
            if (k.matches(logger.getName(), format)) {
                return FilterReply.DENY;
            }
        }
        return FilterReply.NEUTRAL;
    }
}
