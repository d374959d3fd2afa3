package io.pathstats.bench.ingest;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;

/**
 * How far a topic has been written and read, from the broker's offsets (cheap, unlike counting rows).
 * Offsets include transaction markers, so both figures run slightly ahead of the records they cover.
 */
final class TopicProgress implements AutoCloseable {
    private final Admin admin;
    private final String topic;
    private Map<TopicPartition, OffsetSpec> endOffsets;

    TopicProgress(String bootstrap, String topic) {
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
        this.topic = topic;
    }

    long committedRecords() throws Exception {
        if (endOffsets == null) { // the topic's partitions do not change during a run: described once
            int partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
            endOffsets = new HashMap<>();
            for (int p = 0; p < partitions; p++) {
                endOffsets.put(new TopicPartition(topic, p), OffsetSpec.latest());
            }
        }
        long sum = 0;
        for (var info : admin.listOffsets(endOffsets, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all().get().values()) {
            sum += info.offset();
        }
        return sum;
    }

    /** Sum of the offsets a consumer group has committed on the topic. */
    long consumedBy(String groupId) throws Exception {
        long sum = 0;
        for (var e : admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata().get().entrySet()) {
            if (e.getKey().topic().equals(topic) && e.getValue() != null) {
                sum += e.getValue().offset();
            }
        }
        return sum;
    }

    /** Whether a consumer group has members with partitions assigned, i.e. is consuming. */
    boolean consuming(String groupId) throws Exception {
        ConsumerGroupDescription d;
        try {
            d = admin.describeConsumerGroups(List.of(groupId)).all().get().get(groupId);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof GroupIdNotFoundException) {
                return false; // no member has joined yet
            }
            throw e;
        }
        return d.groupState() == GroupState.STABLE && d.members().stream().anyMatch(m -> !m.assignment().topicPartitions().isEmpty());
    }

    @Override
    public void close() {
        admin.close();
    }
}
