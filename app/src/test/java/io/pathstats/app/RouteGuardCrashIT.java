package io.pathstats.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pathstats.common.config.KafkaSettings;
import io.pathstats.common.config.Settings;
import io.pathstats.common.route.GuardRoutes;
import io.pathstats.testing.AggregateCheck;
import io.pathstats.testing.SharedInfrastructure;
import io.pathstats.testing.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * Route templates end to end under crashes: mixed traffic (producer routes, paths with ids the
 * classes template, a flood of plain words after one prefix that trips the cardinality guard, a
 * proxy with more routes than its cap) with 10% redelivered, while the pipeline child is SIGKILLed
 * three times. Afterwards: every distinct event counted once, under the route it must have, the
 * flood folded into one {var} route, the proxy's extra routes in its overflow row, and the
 * aggregates equal to the detail rows.
 */
class RouteGuardCrashIT {
    private static final int KILLS = 3;
    private static final int CAP = 40;
    private static final Map<String, String> LIMITS = Map.of(Settings.ROUTE_VAR_AFTER, "30", Settings.ROUTES_PER_PROXY, Integer.toString(CAP));

    @Test
    void everyEventIsCountedOnceUnderItsRouteAcrossKillsWhileTheGuardCollapsesAndCaps() throws Exception {
        KafkaSettings kafka = SharedInfrastructure.newTopics(4);
        String appId = SharedInfrastructure.uniqueName("guard-crash");
        // one hour for all of it: the guard counts and caps per hour
        Instant hour = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(1));
        Map<String, Long> expected = new HashMap<>();
        AtomicLong distinct = new AtomicLong();
        AtomicBoolean publishing = new AtomicBoolean(true);
        try (TestDatabase db = TestDatabase.migrated();
             KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrap(),
                     ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer())) {
            Thread traffic = new Thread(() -> {
                Random random = new Random(2026);
                List<String> sent = new ArrayList<>();
                for (int i = 0; publishing.get(); i++) {
                    String proxy = "edge";
                    String path;
                    String route = null;
                    String counted;
                    switch (i % 4) {
                        case 0 -> {
                            path = "/customers/" + word(random.nextInt(300)) + "/cart";
                            counted = "/customers/" + GuardRoutes.VARIABLE + "/cart";
                        }
                        case 1 -> {
                            path = "/api/users/" + random.nextInt(1_000_000);
                            counted = "/api/users/{id}";
                        }
                        case 2 -> {
                            path = "/orders/" + random.nextInt(1000);
                            route = "/orders/:id";
                            counted = route;
                        }
                        default -> {
                            proxy = "tiny";
                            // 80 routes in two levels of ten and eight: none of its positions trips the guard
                            int k = random.nextInt(CAP * 2);
                            path = "/" + word(k / 8) + "/" + word(100 + k % 8);
                            counted = null; // its own route or the overflow row: known only at the end
                        }
                    }
                    String id = "g-" + i;
                    String json = event(id, hour.plusMillis(i % 3_600_000), path, route, proxy);
                    producer.send(new ProducerRecord<>(kafka.topic(), json));
                    sent.add(json);
                    distinct.incrementAndGet();
                    if (counted != null) {
                        expected.merge(counted, 1L, Long::sum);
                    }
                    if (i % 10 == 9) { // a redelivery of an earlier event
                        producer.send(new ProducerRecord<>(kafka.topic(), sent.get(random.nextInt(sent.size()))));
                    }
                    if (i % 100 == 99) {
                        producer.flush();
                        sleepQuietly();
                    }
                }
                producer.flush();
            }, "traffic");
            traffic.start();
            for (int life = 1; life <= KILLS; life++) {
                PipelineProcess pipeline = PipelineProcess.start(kafka, db.settings(), appId, "guard-crash", LIMITS);
                long before = requests(db);
                await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100)).until(() -> requests(db) > before + 500);
                pipeline.kill9();
            }
            publishing.set(false);
            traffic.join();
            try (PipelineProcess survivor = PipelineProcess.start(kafka, db.settings(), appId, "guard-crash", LIMITS)) {
                await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                        .untilAsserted(() -> assertThat(requests(db)).isEqualTo(distinct.get()));
                assertThat(db.queryLong("SELECT count(*) FROM traffic_events")).isEqualTo(distinct.get());
                assertThat(survivor.isAlive()).isTrue();
            }
            assertThat(db.queryLong("SELECT count(*) FROM route_collapses WHERE parent = '/customers' AND folded_at IS NOT NULL")).isOne();
            for (Map.Entry<String, Long> e : expected.entrySet()) {
                assertThat(db.queryLong("SELECT coalesce(sum(requests), 0) FROM path_stats_hourly WHERE route = '" + e.getKey() + "'"))
                        .as(e.getKey()).isEqualTo(e.getValue());
            }
            assertThat(db.queryLong("SELECT count(*) FROM path_stats_hourly WHERE route LIKE '/customers/%' AND route <> '/customers/{var}/cart'"))
                    .as("the flood's raw values are folded").isZero();
            long tinyRoutes = db.queryLong("SELECT count(*) FROM path_stats_hourly WHERE proxy_id = 'tiny' AND route <> '" + GuardRoutes.OVERFLOW + "'");
            // two writers may each fill the last free places in the same moment: the cap holds within one batch's new routes
            assertThat(tinyRoutes).isBetween((long) CAP, CAP * 2L - 1);
            assertThat(db.queryLong("SELECT requests FROM path_stats_hourly WHERE proxy_id = 'tiny' AND route = '" + GuardRoutes.OVERFLOW + "'"))
                    .isPositive();
            assertThat(db.queryLong("SELECT count(*) FROM traffic_events WHERE proxy_id = 'tiny' AND route = '" + GuardRoutes.OVERFLOW + "' "
                    + "AND path IN (SELECT route FROM path_stats_hourly WHERE proxy_id = 'tiny')"))
                    .as("a route with its own row never also counts in the overflow row").isZero();
            assertThat(AggregateCheck.differences(db)).isZero();
        }
    }

    private static String word(int i) {
        StringBuilder b = new StringBuilder("w");
        for (int n = i; n > 0 || b.length() < 4; n /= 26) {
            b.append((char) ('a' + n % 26));
        }
        return b.toString();
    }

    private static void sleepQuietly() {
        try {
            Thread.sleep(20); // about 5,000 events/s: the kills land mid-stream
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String event(String id, Instant at, String path, String route, String proxy) {
        return "{\"eventId\":\"" + id + "\",\"occurredAt\":\"" + at + "\",\"path\":\"" + path + "\",\"method\":\"GET\",\"status\":200"
                + ",\"latencyMs\":7,\"proxyId\":\"" + proxy + "\"" + (route == null ? "" : ",\"route\":\"" + route + "\"") + "}";
    }

    private static long requests(TestDatabase db) {
        return db.queryLong("SELECT coalesce(sum(requests), 0) FROM path_stats_hourly");
    }
}
