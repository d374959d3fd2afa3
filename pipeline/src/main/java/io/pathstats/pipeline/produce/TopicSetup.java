package io.pathstats.pipeline.produce;

import io.pathstats.common.config.KafkaSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the pipeline's topics when they are missing (input, validated, dead-letter), and waits
 * until every partition of them has a leader. A broker that was just restarted after a crash
 * elects its partitions' leaders a moment after it accepts connections; clients started before
 * that (the stream's transactional producers above all) begin with a burst of retries and
 * warnings, so the pipeline starts them once the partitions are ready.
 */
public final class TopicSetup {
    private static final Logger log = LoggerFactory.getLogger(TopicSetup.class);
    private static final Duration LEADERS_WAIT = Duration.ofSeconds(60);
    /** The producers' max.request.size, left at Kafka's default. */
    private static final int PRODUCER_MAX_REQUEST_BYTES = 1024 * 1024;

    private TopicSetup() {
    }

    private static void awaitLeaders(Admin admin, List<String> topics) throws InterruptedException, TimeoutException {
        long started = System.nanoTime();
        long deadline = started + LEADERS_WAIT.toNanos();
        while (true) {
            List<String> leaderless = new ArrayList<>();
            try {
                for (TopicDescription d : admin.describeTopics(topics).allTopicNames().get(10, TimeUnit.SECONDS).values()) {
                    for (TopicPartitionInfo p : d.partitions()) {
                        if (p.leader() == null || p.leader().isEmpty()) {
                            leaderless.add(d.name() + "-" + p.partition());
                        }
                    }
                }
            } catch (ExecutionException e) {
                leaderless.add(e.getCause().getClass().getSimpleName()); // e.g. a topic not known to every broker yet
            }
            if (leaderless.isEmpty()) {
                long waitedMs = Duration.ofNanos(System.nanoTime() - started).toMillis();
                if (waitedMs > 1_000) {
                    log.info("every partition of {} has a leader (waited {} ms)", topics, waitedMs);
                }
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("partitions without a leader after " + LEADERS_WAIT.toSeconds() + " s: " + leaderless);
            }
            Thread.sleep(100);
        }
    }

    /** What the pipeline needs to know of its topics once they are ready. */
    public record Ready(int deadLetterMaxRecordBytes) {
    }

    /**
     * The largest record the dead-letter topic takes: its max.message.bytes (the broker's default
     * unless the topic overrides it), capped by what a producer sends by default in one request.
     */
    private static int maxRecordBytes(Admin admin, String topic) throws InterruptedException, ExecutionException, TimeoutException {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        Config config = admin.describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS).get(resource);
        ConfigEntry entry = config.get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG);
        int topicMax = entry == null || entry.value() == null ? Integer.MAX_VALUE : Integer.parseInt(entry.value());
        return Math.min(topicMax, PRODUCER_MAX_REQUEST_BYTES);
    }

    public static Ready ensureTopics(KafkaSettings kafka, int partitions) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrap(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000))) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = new ArrayList<>();
            for (String topic : List.of(kafka.topic(), kafka.validTopic(), kafka.dlqTopic())) {
                if (!existing.contains(topic)) {
                    missing.add(new NewTopic(topic, partitions, (short) -1));
                }
            }
            if (!missing.isEmpty()) {
                try {
                    admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
                    log.info("created topics {}", missing.stream().map(NewTopic::name).toList());
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
            awaitLeaders(admin, List.of(kafka.topic(), kafka.validTopic(), kafka.dlqTopic()));
            return new Ready(maxRecordBytes(admin, kafka.dlqTopic()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot reach Kafka at " + kafka.bootstrap() + " to create topics or find their leaders ("
                    + e.getMessage() + "); check PATHSTATS_KAFKA_BOOTSTRAP", e);
        }
    }
}
