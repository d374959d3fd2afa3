package io.pathstats.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pathstats.common.config.KafkaSettings;
import io.pathstats.testing.SharedInfrastructure;
import io.pathstats.testing.TestDatabase;
import io.pathstats.testing.TopicCounts;
import io.pathstats.testing.TrafficScript;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * docs/architecture.md, rules 1, 2 and 4, under crashes: the pipeline runs as a child process of the packaged
 * jar and is SIGKILLed while events keep flowing; afterwards sum(requests) equals the distinct
 * valid events Kafka acknowledged and the dead-letter topic holds exactly the invalid ones.
 */
class PipelineCrashIT {
    private static final int KILLS = 10;

    @Test
    void killNineAtRandomMomentsTenTimesWhileEventsFlow() throws Exception {
        KafkaSettings kafka = SharedInfrastructure.newTopics(4);
        String appId = SharedInfrastructure.uniqueName("crash");
        Random random = new Random(2026);
        try (TestDatabase db = TestDatabase.migrated();
             TrafficScript traffic = new TrafficScript(kafka.bootstrap(), kafka.topic(), 5, 0.10, 0.01)) {
            traffic.startBackground(400);
            for (int life = 1; life <= KILLS; life++) {
                PipelineProcess pipeline = PipelineProcess.start(kafka, db.settings(), appId, "crash");
                long before = requests(db);
                // kill only once this life has written something, so every kill lands mid-stream
                await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100)).until(() -> requests(db) > before);
                Thread.sleep(random.nextInt(1500)); // a random moment inside the busy phase
                pipeline.kill9();
            }
            traffic.stop();
            try (PipelineProcess survivor = PipelineProcess.start(kafka, db.settings(), appId, "crash")) {
                long expected = traffic.distinctValid();
                await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                        .untilAsserted(() -> assertThat(requests(db)).isEqualTo(expected));
                assertThat(db.queryLong("SELECT count(*) FROM traffic_events")).isEqualTo(expected);
                assertThat(TopicCounts.committedCount(kafka.bootstrap(), kafka.dlqTopic())).isEqualTo(traffic.invalid());
                assertThat(survivor.isAlive()).isTrue();
            }
        }
    }

    @Test
    void twoInstancesShareTheWorkAndTheSurvivorTakesOverWhenOneIsKilled() throws Exception {
        KafkaSettings kafka = SharedInfrastructure.newTopics(4);
        String appId = SharedInfrastructure.uniqueName("pair");
        try (TestDatabase db = TestDatabase.migrated();
             TrafficScript traffic = new TrafficScript(kafka.bootstrap(), kafka.topic(), 9, 0.10, 0.01);
             PipelineProcess a = PipelineProcess.start(kafka, db.settings(), appId, "pair-a");
             PipelineProcess b = PipelineProcess.start(kafka, db.settings(), appId, "pair-b")) {
            traffic.startBackground(400);
            await().atMost(Duration.ofSeconds(90)).until(() -> requests(db) > 1000);
            a.kill9();
            long atKill = requests(db);
            // b alone keeps counting: the rebalance hands it a's partitions
            await().atMost(Duration.ofSeconds(60)).until(() -> requests(db) > atKill + 2000);
            traffic.stop();
            long expected = traffic.distinctValid();
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                    .untilAsserted(() -> assertThat(requests(db)).isEqualTo(expected));
            assertThat(TopicCounts.committedCount(kafka.bootstrap(), kafka.dlqTopic())).isEqualTo(traffic.invalid());
            assertThat(b.isAlive()).isTrue();
        }
    }

    private static long requests(TestDatabase db) {
        return db.queryLong("SELECT coalesce(sum(requests), 0) FROM path_stats_hourly");
    }
}
