package io.pathstats.common.ops;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.spi.FilterReply;
import org.junit.jupiter.api.Test;

class KnownBenignWarningsTest {
    private final LoggerContext context = new LoggerContext();
    private final KnownBenignWarnings filter = new KnownBenignWarnings();
    private static final String SENDER = "org.apache.kafka.clients.producer.internals.Sender";
    /** As Kafka's logger hands it to logback: prefixed and already formatted, no parameters. */
    private static String retry(String error) {
        return "[Producer clientId=pathstats-pipeline-i1-StreamThread-2-producer, transactionalId=pathstats-pipeline-i1-2] Got error produce "
                + "response with correlation id 21 on topic-partition traffic-events-valid-1, retrying (2147483646 attempts left). Error: " + error;
    }

    private FilterReply decide(String logger, Level level, String format, Object... params) {
        Logger l = context.getLogger(logger);
        return filter.decide(null, l, level, format, params, null);
    }

    @Test
    void aRetriedProduceIsDroppedOnlyWhenTheBrokerSaidConcurrentTransactions() {
        assertThat(decide(SENDER, Level.WARN, retry("CONCURRENT_TRANSACTIONS"))).isEqualTo(FilterReply.DENY);
        assertThat(decide(SENDER, Level.WARN, retry("NOT_LEADER_OR_FOLLOWER"))).isEqualTo(FilterReply.NEUTRAL);
        assertThat(decide("some.other.Logger", Level.WARN, retry("CONCURRENT_TRANSACTIONS"))).isEqualTo(FilterReply.NEUTRAL);
        assertThat(decide(SENDER, Level.ERROR, retry("CONCURRENT_TRANSACTIONS"))).isEqualTo(FilterReply.NEUTRAL);
    }

    @Test
    void knownStartupWarningsAreDroppedAndOthersPass() {
        assertThat(decide("org.apache.kafka.controller.QuorumController", Level.WARN, "[QuorumController id=1] Performing controller activation. x"))
                .isEqualTo(FilterReply.DENY);
        assertThat(decide("org.apache.kafka.controller.QuorumController", Level.WARN, "[QuorumController id=1] something else"))
                .isEqualTo(FilterReply.NEUTRAL);
    }
}
