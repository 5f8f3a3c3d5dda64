package io.chatengine.query.audit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chatengine.common.Times;
import io.chatengine.common.config.KafkaSettings;
import io.chatengine.common.http.HttpJson;
import io.chatengine.common.kafka.KafkaProps;
import io.chatengine.common.InboxKeys;
import io.chatengine.schemas.Topic;
import io.chatengine.schemas.Topics;
import io.chatengine.schemas.avro.ConnectionEvent;
import io.chatengine.schemas.avro.ConnectionKind;
import io.chatengine.schemas.avro.UserEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.utils.Utils;

/**
 * Reads what the log holds about one user, straight from Kafka: only the partition of each topic that holds
 * the user's key, from the offset of {@code from} (offsetsForTimes) to {@code to} or the end as it was when the
 * read began. Shared by {@code GET /audit/events} and {@code scripts/replay}.
 */
public final class AuditLog {
    /** The topics whose events concern a user: accounts, messages from and to them, their connections. */
    public static final List<Topic<?>> AUDITED = List.of(Topics.USERS, Topics.MESSAGES, Topics.CONNECTIONS);
    private final KafkaSettings kafka;

    public AuditLog(KafkaSettings kafka) {
        this.kafka = kafka;
    }

    /** One event of the log, with where it is. */
    public record Event(String topic, int partition, long offset, long timestamp, String key, SpecificRecord value) {
        public String type() {
            if (value instanceof UserEvent user) {
                return user.getEvent().getClass().getSimpleName();
            }
            if (value instanceof ConnectionEvent connection) {
                return connection.getKind() == ConnectionKind.OPENED ? "ConnectionOpened" : "ConnectionClosed";
            }
            return value.getClass().getSimpleName();
        }

        public String toNdjsonLine() {
            ObjectNode line = HttpJson.MAPPER.createObjectNode();
            line.put("topic", topic);
            line.put("partition", partition);
            line.put("offset", offset);
            line.put("timestamp", Times.iso(timestamp));
            line.put("key", key);
            line.put("type", type());
            SpecificRecord body = value instanceof UserEvent user ? (SpecificRecord) user.getEvent() : value;
            line.set("event", AvroJson.toJson(body));
            return line.toString();
        }
    }

    /** Every event about {@code user} in the topics, between the times (null: unbounded), in log-time order. */
    public List<Event> events(String user, List<Topic<?>> topics, Instant from, Instant to) {
        List<Event> events = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(KafkaProps.reader(kafka, "audit", KafkaProps.Pace.AT_ONCE),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            for (Topic<?> topic : topics) {
                read(consumer, topic, user, from, to, events);
            }
        }
        events.sort(Comparator.comparingLong(Event::timestamp).thenComparing(Event::topic)
                .thenComparingLong(Event::offset));
        return events;
    }

    private static void read(KafkaConsumer<String, byte[]> consumer, Topic<?> topic, String user, Instant from,
                             Instant to, List<Event> into) {
        int partitions = consumer.partitionsFor(topic.name()).size();
        TopicPartition partition = new TopicPartition(topic.name(),
                Utils.toPositive(Utils.murmur2(user.getBytes(StandardCharsets.UTF_8))) % partitions);
        consumer.assign(List.of(partition));
        long end = consumer.endOffsets(List.of(partition)).get(partition);
        long start = consumer.beginningOffsets(List.of(partition)).get(partition);
        if (from != null) {
            Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(Map.of(partition, from.toEpochMilli()));
            start = found.get(partition) == null ? end : found.get(partition).offset();
        }
        consumer.seek(partition, start);
        while (consumer.position(partition) < end) {
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                if (record.offset() >= end || !concerns(user, record.key()) || record.value() == null) {
                    continue;
                }
                if (to != null && record.timestamp() > to.toEpochMilli()) {
                    continue;
                }
                SpecificRecord value = (SpecificRecord) topic.valueSerde().deserializer()
                        .deserialize(topic.name(), record.value());
                into.add(new Event(topic.name(), record.partition(), record.offset(), record.timestamp(),
                        record.key(), value));
            }
        }
    }

    /** A record keyed by the user, or by one of the user's inbox entries. */
    private static boolean concerns(String user, String key) {
        return user.equals(key) || key != null && key.startsWith(InboxKeys.prefix(user));
    }
}
