package io.pathstats.pipeline.guard;

import static org.assertj.core.api.Assertions.assertThat;

import io.pathstats.client.TrafficEvent;
import io.pathstats.common.route.RouteSource;
import io.pathstats.common.route.Routed;
import io.pathstats.pipeline.row.EventRow;
import io.pathstats.pipeline.writer.CopyRows;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The in-memory rewrite of the guard's decisions, as the writers apply it before COPY. */
class CollapsesTest {
    private final Collapses collapses = Collapses.of(Set.of("/customers", "/customers/{var}/orders"));

    @Test
    void theSegmentAfterADecidedPrefixBecomesVarShallowestFirstAndPlaceholdersStay() {
        assertThat(collapses.collapse("/customers/alice/cart")).isEqualTo("/customers/{var}/cart");
        assertThat(collapses.collapse("/customers/alice/orders/x17/items")).as("a prefix with an earlier {var} in it")
                .isEqualTo("/customers/{var}/orders/{var}/items");
        assertThat(collapses.collapse("/customers/{id}/cart")).as("a placeholder is not a value").isEqualTo("/customers/{id}/cart");
        assertThat(Collapses.of(Set.of("")).collapse("/customers/alice")).as("the first segment").isEqualTo("/{var}/alice");
        assertThat(Collapses.of(Set.of("/customers")).collapse("/customers/")).as("an empty segment is not a value")
                .isEqualTo("/customers/");
        assertThat(Collapses.of(Set.of("/a")).collapse("/b/a/x")).isEqualTo("/b/a/x");
    }

    @Test
    void onlyRoutesOfTheClassesAreRewrittenAndEverythingElseOfTheRecordStays() {
        Instant at = Instant.parse("2026-12-03T10:00:00Z");
        TrafficEvent derived = new TrafficEvent("a", at, "/customers/alice/cart", "GET", 200, 5, "edge");
        TrafficEvent given = new TrafficEvent("b", at, "/customers/bob/cart", "GET", 200, 5, "edge").withRoute("/customers/bob/cart");
        CopyRows rows = new CopyRows();
        rows.add(EventRow.encode(derived, new Routed(derived.path(), RouteSource.CLASSES)));
        rows.add(EventRow.encode(given, Routed.byProducer(given.route())));
        rows.add(EventRow.encode(derived, new Routed(derived.path(), RouteSource.CLASSES))); // a repeat: kept once

        CopyRows out = rows.withRoutesOfClasses(Collapses.of(Set.of("/customers"))::collapse);

        assertThat(out.size()).isEqualTo(2);
        assertThat(EventRow.decode(out.record(0))).isEqualTo(derived.withRoute("/customers/{var}/cart"));
        assertThat(EventRow.decode(out.record(1))).isEqualTo(given);
        assertThat(rows.withRoutesOfClasses(Collapses.of(Set.of("/nothing"))::collapse)).as("unchanged: the same batch").isSameAs(rows);
    }
}
