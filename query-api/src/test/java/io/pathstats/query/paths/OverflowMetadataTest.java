package io.pathstats.query.paths;

import static org.assertj.core.api.Assertions.assertThat;

import io.pathstats.common.route.GuardRoutes;
import io.pathstats.common.stats.PathStat;
import io.pathstats.common.stats.Snapshot;
import io.pathstats.query.api.PathsResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** /paths tells how many requests were counted under the overflow row, whatever page or search is asked. */
class OverflowMetadataTest {
    private static final Instant NOW = Instant.parse("2026-12-03T12:00:00Z");

    private static PathStat stat(String route, String proxy, long requests) {
        return new PathStat(route, proxy, requests, 0, 0, null, null, NOW);
    }

    @Test
    void overflowRequestsAreSummedPerProxyAndOverall() {
        Snapshot s = new Snapshot(7, NOW, NOW.minusSeconds(86_400), NOW, false, List.of(stat("/a", "edge", 900),
                stat(GuardRoutes.OVERFLOW, "edge", 300), stat("/b", "tiny", 200), stat(GuardRoutes.OVERFLOW, "tiny", 40)));
        PathsReader reader = new PathsReader(null, null, Clock.fixed(NOW, ZoneOffset.UTC));

        PathsResponse all = reader.fromSnapshot(s, new PathsRequest(null, null, 1, 1), "new");
        assertThat(all.data()).hasSize(1);
        assertThat(all.metadata().overflowRequests()).isEqualTo(340);
        assertThat(reader.fromSnapshot(s, new PathsRequest("/b", "tiny", 1, 50), "new").metadata().overflowRequests()).isEqualTo(40);
        assertThat(reader.fromSnapshot(s, new PathsRequest(null, "nobody", 1, 50), "new").metadata().overflowRequests()).isZero();
    }
}
