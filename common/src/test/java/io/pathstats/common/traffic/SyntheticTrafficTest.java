package io.pathstats.common.traffic;

import static org.assertj.core.api.Assertions.assertThat;

import io.pathstats.client.TrafficEvent;
import io.pathstats.common.route.RouteTemplater;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SyntheticTrafficTest {
    @Test
    void demoTrafficCarriesIdsThatCollapseIntoItsRoutes() {
        SyntheticTraffic demo = SyntheticTraffic.demo(7);
        Set<String> paths = new HashSet<>();
        Set<String> routes = new HashSet<>();
        for (int i = 0; i < 5_000; i++) {
            TrafficEvent e = demo.next(Instant.EPOCH);
            paths.add(e.path());
            routes.add(RouteTemplater.builtIn().route(e.path()));
        }
        assertThat(paths.size()).as("raw URLs carry ids").isGreaterThan(3 * routes.size());
        assertThat(routes.size()).as("which collapse into at most the shape's 500 routes").isLessThanOrEqualTo(500);
        assertThat(routes).anyMatch(r -> r.contains("{uuid}")).anyMatch(r -> r.contains("{id}"));
    }

    @Test
    void withoutIdsEachPathIsItsOwnRouteAndTheSameSeedGivesTheSameEvents() {
        SyntheticTraffic a = new SyntheticTraffic(3, SyntheticTraffic.Shape.gateway(2_000));
        SyntheticTraffic b = new SyntheticTraffic(3, SyntheticTraffic.Shape.gateway(2_000));
        for (int i = 0; i < 2_000; i++) {
            TrafficEvent e = a.next(Instant.EPOCH);
            assertThat(b.next(Instant.EPOCH)).isEqualTo(e);
            assertThat(RouteTemplater.builtIn().route(e.path())).isEqualTo(e.path());
        }
    }
}
