package io.pathstats.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pathstats.testing.ResendingPublisher;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The headline promise against a host failure: the whole standalone JVM (Kafka broker, pipeline,
 * archiver, API) is SIGKILLed ten times while a producer keeps publishing (and resending whatever
 * was not acknowledged), some kills seconds after a start, and is started again each time on the
 * same data directory, unattended. Every life must come up by itself and count again; at the end
 * every acknowledged event is counted exactly once.
 */
class StandaloneCrashIT {
    private static final Logger log = LoggerFactory.getLogger(StandaloneCrashIT.class);
    private static final int KILLS = 10;

    @Test
    void killNineOfTheWholeJvmTenTimesUnderLoad(@TempDir(cleanup = CleanupMode.ON_SUCCESS) Path dataDir) throws Exception {
        StandaloneProcess.Site site = StandaloneProcess.Site.create(dataDir, "target/standalone-crash.log");
        Random random = new Random(19);
        List<String> lives = new ArrayList<>();
        try (ResendingPublisher publisher = new ResendingPublisher(site.kafkaBootstrap(), "traffic-events", "crash")) {
            for (int life = 1; life <= KILLS; life++) {
                StandaloneProcess standalone = StandaloneProcess.start(site);
                if (life % 3 == 0) {
                    // soon after the start: the broker recovers its logs, the pipeline may not be up yet
                    Thread.sleep(1_000 + random.nextInt(3_000));
                    lives.add("life " + life + ": killed " + millisSince(standalone.startedNanos) + " ms after start");
                    standalone.kill9();
                    continue;
                }
                await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100)).until(standalone::healthy);
                long upMs = millisSince(standalone.startedNanos);
                if (life == 1) {
                    publisher.start(1_000);
                }
                long before = requests(site);
                long upNanos = System.nanoTime();
                await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100)).until(() -> requests(site) > before);
                lives.add("life " + life + ": healthy " + upMs + " ms after start, counting again " + millisSince(upNanos) + " ms later");
                Thread.sleep(random.nextInt(4_000));
                standalone.kill9();
            }
            try (StandaloneProcess last = StandaloneProcess.start(site)) {
                await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100)).until(last::healthy);
                publisher.finish(Duration.ofSeconds(60));
                long expected = publisher.acknowledged();
                lives.forEach(log::info);
                log.info("{} events acknowledged, {} resends", expected, publisher.resends());
                await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                        .untilAsserted(() -> assertThat(requests(site)).isEqualTo(expected));
                assertThat(query(site, "SELECT count(*) FROM traffic_events")).isEqualTo(expected);
                assertThat(last.isAlive()).isTrue();
            }
        }
    }

    private static long millisSince(long nanos) {
        return Duration.ofNanos(System.nanoTime() - nanos).toMillis();
    }

    private static long requests(StandaloneProcess.Site site) {
        return query(site, "SELECT coalesce(sum(requests), 0) FROM path_stats_hourly");
    }

    private static long query(StandaloneProcess.Site site, String sql) {
        try {
            String url = site.jdbcUrl();
            if (url == null) {
                return -1;
            }
            try (Connection c = DriverManager.getConnection(url, "postgres", ""); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery(sql)) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        } catch (SQLException | java.io.IOException notReachable) {
            return -1;
        }
    }
}
