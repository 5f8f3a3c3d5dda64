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
import io.chatengine.schemas.avro.RoomEvent;
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
    /**
     * The topics whose events concern a room: the commands asked, the changes decided, the messages sent, and the
     * room's log, where each change and message has its room seq (all keyed by the room, or by its log rows).
     */
    public static final List<Topic<?>> ROOM_AUDITED =
            List.of(Topics.ROOM_COMMANDS, Topics.ROOMS, Topics.ROOM_SENDS, Topics.ROOM_LOG);
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
            if (value instanceof RoomEvent room) {
                return room.getEvent().getClass().getSimpleName();
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
            line.set("event", body());
            return line.toString();
        }

        /** The event's fields: a user event's change; a room event's change with who made it, when and why. */
        private ObjectNode body() {
            if (value instanceof UserEvent user) {
                return AvroJson.toJson((SpecificRecord) user.getEvent());
            }
            if (value instanceof RoomEvent room) {
                ObjectNode body = AvroJson.toJson((SpecificRecord) room.getEvent());
                AvroJson.toJson(room).fields().forEachRemaining(field -> {
                    if (!field.getKey().equals("event")) {
                        body.set(field.getKey(), field.getValue());
                    }
                });
                return body;
            }
            return AvroJson.toJson(value);
        }
    }

    /**
     * Every event about {@code user} (or about a room: the key is the room id) in the topics, between the times
     * (null: unbounded), in log-time order.
     */
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

    /** A record keyed by the user (or room), or by one of its rows (inbox entries, room log rows). */
    private static boolean concerns(String user, String key) {
        return user.equals(key) || key != null && key.startsWith(InboxKeys.prefix(user));
    }
}
