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
    private static final String RETRY = "[Producer clientId=pathstats-pipeline-i1-StreamThread-2-producer, transactionalId=pathstats-pipeline-i1-2] "
            + "Got error produce response with correlation id {} on topic-partition {}, retrying ({} attempts left). Error: {}";

    private FilterReply decide(String logger, Level level, String format, Object... params) {
        Logger l = context.getLogger(logger);
        return filter.decide(null, l, level, format, params, null);
    }

    @Test
    void aRetriedProduceIsDroppedOnlyWhenTheBrokerSaidConcurrentTransactions() {
        assertThat(decide(SENDER, Level.WARN, RETRY, 21, "traffic-events-valid-1", 2147483646, "CONCURRENT_TRANSACTIONS"))
                .isEqualTo(FilterReply.DENY);
        assertThat(decide(SENDER, Level.WARN, RETRY, 21, "traffic-events-valid-1", 2147483646, "NOT_LEADER_OR_FOLLOWER"))
                .isEqualTo(FilterReply.NEUTRAL);
        assertThat(decide("some.other.Logger", Level.WARN, RETRY, 21, "t-1", 1, "CONCURRENT_TRANSACTIONS")).isEqualTo(FilterReply.NEUTRAL);
        assertThat(decide(SENDER, Level.ERROR, RETRY, 21, "t-1", 1, "CONCURRENT_TRANSACTIONS")).isEqualTo(FilterReply.NEUTRAL);
    }

    @Test
    void knownStartupWarningsAreDroppedAndOthersPass() {
        assertThat(decide("org.apache.kafka.controller.QuorumController", Level.WARN, "[QuorumController id=1] Performing controller activation. x"))
                .isEqualTo(FilterReply.DENY);
        assertThat(decide("org.apache.kafka.controller.QuorumController", Level.WARN, "[QuorumController id=1] something else"))
                .isEqualTo(FilterReply.NEUTRAL);
    }
}
