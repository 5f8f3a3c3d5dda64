package io.chatengine.bench;

import io.chatengine.schemas.Topics;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;

/**
 * Records a room message costs, from the end offsets of the topics it is written to (room-sends, the room log, every
 * gateway.*) read with an admin client before and after a window: a topic's end offset grows by one a record, and
 * a compacted topic's too. What else writes there meanwhile (nothing, in a room run) would be counted with it.
 */
final class RecordCounter implements AutoCloseable {
    static final String GATEWAYS = "gateway.*";
    private static final long TIMEOUT_S = 10;
    private final Admin admin;

    RecordCounter(String bootstrap) {
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000));
    }

    /** The group a topic's records count under, or null for a topic a room message is not written to. */
    static String group(String topic) {
        if (topic.equals(Topics.ROOM_SENDS.name()) || topic.equals(Topics.ROOM_LOG.name())) {
            return topic;
        }
        return topic.startsWith(Topics.gatewayTopicName("")) ? GATEWAYS : null;
    }

    /** The sum of the end offsets of each group's topics. */
    Map<String, Long> ends() throws InterruptedException, ExecutionException, TimeoutException {
        Set<String> topics = admin.listTopics().names().get(TIMEOUT_S, TimeUnit.SECONDS).stream()
                .filter(topic -> group(topic) != null).collect(Collectors.toSet());
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (TopicDescription topic : admin.describeTopics(topics).allTopicNames().get(TIMEOUT_S, TimeUnit.SECONDS)
                .values()) {
            topic.partitions().forEach(p -> latest.put(new TopicPartition(topic.name(), p.partition()),
                    OffsetSpec.latest()));
        }
        Map<String, Long> ends = new TreeMap<>();
        admin.listOffsets(latest).all().get(TIMEOUT_S, TimeUnit.SECONDS)
                .forEach((partition, info) -> ends.merge(group(partition.topic()), info.offset(), Long::sum));
        return ends;
    }

    /**
     * Records per message in each group and in total from {@code before} to {@code after}: a group missing before
     * (a gateway's topic made in between) counts from 0.
     */
    static Map<String, Double> perMessage(Map<String, Long> before, Map<String, Long> after, long messages) {
        Map<String, Double> out = new TreeMap<>();
        double total = 0;
        for (String group : List.copyOf(after.keySet())) {
            double each = (after.get(group) - before.getOrDefault(group, 0L)) / (double) Math.max(1, messages);
            out.put(group, each);
            total += each;
        }
        out.put("total", total);
        return out;
    }

    @Override
    public void close() {
        admin.close();
    }
}
