package io.pathstats.pipeline.instance;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaClientSupplier;

/**
 * Gives the validation stream's transactional producers ids that survive a restart:
 * {@code <application>-<instance>-<thread>} instead of Kafka Streams' {@code <application>-<random
 * process id>-<thread>}. Streams draws a new process id at every start of a topology without
 * persistent stores, so the transactions a killed instance left open were never fenced: every
 * read_committed consumer of the validated topic (the PostgreSQL writers) waited until the broker
 * timed them out. With a stable id, the restarted thread's producer fences its predecessor and the
 * broker aborts the open transaction at once. Exactly-once does not rest on the id (exactly_once_v2
 * fences through the consumer group's generation); it only decides who fences whom. The clients
 * are otherwise made as Streams' default supplier makes them.
 */
public final class StableTransactionalIds implements KafkaClientSupplier {
    private final String prefix;

    public StableTransactionalIds(String applicationId, InstanceId instance) {
        this.prefix = applicationId + "-" + instance.value() + "-";
    }

    @Override
    public Producer<byte[], byte[]> getProducer(Map<String, Object> config) {
        Object id = config.get(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
        Map<String, Object> stable = new HashMap<>(config);
        if (id != null) {
            stable.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, stableId(id.toString()));
        }
        return new KafkaProducer<>(stable, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** The thread's index is what follows the last dash of Streams' own id. */
    String stableId(String streamsId) {
        return prefix + streamsId.substring(streamsId.lastIndexOf('-') + 1);
    }

    @Override
    public Consumer<byte[], byte[]> getConsumer(Map<String, Object> config) {
        return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    @Override
    public Consumer<byte[], byte[]> getRestoreConsumer(Map<String, Object> config) {
        return getConsumer(config);
    }

    @Override
    public Consumer<byte[], byte[]> getGlobalConsumer(Map<String, Object> config) {
        return getConsumer(config);
    }

    @Override
    public Admin getAdmin(Map<String, Object> config) {
        return Admin.create(config);
    }
}
