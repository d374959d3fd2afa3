package io.pathstats.common.event;

import io.pathstats.client.TrafficEvent;


/** Result of checking one raw event against the contract. */
public sealed interface ParseOutcome {
    record Valid(TrafficEvent event) implements ParseOutcome {
    }

    record Invalid(InvalidReason reason, String detail) implements ParseOutcome {
    }
}
