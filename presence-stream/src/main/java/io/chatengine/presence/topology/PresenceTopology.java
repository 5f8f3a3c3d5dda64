package io.chatengine.presence.topology;

import io.chatengine.presence.config.PresenceConfig;
import io.chatengine.common.kafka.StoreMirror;
import io.chatengine.schemas.Topics;
import io.chatengine.schemas.AvroSerde;
import io.chatengine.schemas.avro.Delivery;
import io.chatengine.schemas.avro.GatewayHeartbeat;
import io.chatengine.schemas.avro.LiveConnection;
import io.chatengine.schemas.avro.RoomReply;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.TopicNameExtractor;
import org.apache.kafka.streams.state.Stores;

/**
 * The presence-stream topology: the co-partitioned messages and connections topics feed one processor per user
 * ({@link UserProcessor}), whose output is frames to the topic of each gateway holding the user's sockets, and
 * the recipient's copy of a message its sender's inbox accepted, back to the messages topic.
 * Its inbox and presence stores' changelogs are the inbox and presence topics, so an entry or a presence change
 * is written once. Gateway heartbeats are a global store.
 */
public final class PresenceTopology {
    static final String MESSAGES_SOURCE = "messages-source";
    static final String CONNECTIONS_SOURCE = "connections-source";
    static final String PROCESSOR = "user-processor";
    static final String GATEWAY_SINK = "gateway-sink";
    static final String RECIPIENT_COPY_SINK = "recipient-copy-sink";
    static final String ROOM_MEMBERS_SOURCE = "room-members-source";
    static final String USER_SIGNALS_SOURCE = "user-signals-source";
    static final String USER_SIGNALS_SINK = "user-signals-sink";
    static final String ROOMS_SOURCE = "rooms-source";
    static final String ROOM_SENDS_SOURCE = "room-sends-source";
    static final String ROOM_INTEREST_SOURCE = "room-interest-source";
    static final String ROOM_SIGNALS_SOURCE = "room-signals-source";
    static final String ROOM_PROCESSOR = "room-processor";
    static final String ROOM_GATEWAY_SINK = "room-gateway-sink";
    static final String ROOM_MEMBERS_SINK = "room-members-sink";
    static final String ROOM_REPLIES_SINK = "room-replies-sink";

    private PresenceTopology() {
    }

    public static Topology build(PresenceConfig config) {
        Serde<String> keys = Serdes.String();
        Topology topology = new Topology();
        topology.addGlobalStore(
                Stores.keyValueStoreBuilder(
                        Stores.inMemoryKeyValueStore(StoreNames.GATEWAYS), keys,
                        Topics.GATEWAYS.valueSerde()).withLoggingDisabled(),
                "gateways-source", keys.deserializer(), Topics.GATEWAYS.valueSerde().deserializer(),
                Topics.GATEWAYS.name(), "gateways-updater", () -> new StoreMirror<GatewayHeartbeat>(StoreNames.GATEWAYS));
        topology.addSource(MESSAGES_SOURCE, keys.deserializer(), Topics.MESSAGES.valueSerde().deserializer(),
                Topics.MESSAGES.name());
        topology.addSource(CONNECTIONS_SOURCE, keys.deserializer(), Topics.CONNECTIONS.valueSerde().deserializer(),
                Topics.CONNECTIONS.name());
        topology.addSource(ROOM_MEMBERS_SOURCE, keys.deserializer(), Topics.ROOM_MEMBERS.valueSerde().deserializer(),
                Topics.ROOM_MEMBERS.name());
        topology.addSource(USER_SIGNALS_SOURCE, keys.deserializer(), Topics.USER_SIGNALS.valueSerde().deserializer(),
                Topics.USER_SIGNALS.name());
        topology.addProcessor(PROCESSOR, () -> new UserProcessor(config), MESSAGES_SOURCE, CONNECTIONS_SOURCE,
                ROOM_MEMBERS_SOURCE, USER_SIGNALS_SOURCE);
        topology.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(StoreNames.INBOX), keys,
                Topics.INBOX.valueSerde()), PROCESSOR);
        topology.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(StoreNames.INBOX_IDS), keys, Serdes.Long()).withLoggingDisabled(),
                PROCESSOR);
        topology.addStateStore(Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(StoreNames.PRESENCE), keys,
                Topics.PRESENCE.valueSerde()), PROCESSOR);
        topology.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(StoreNames.USER_ROOMS), keys, Topics.USER_ROOMS.valueSerde()), PROCESSOR);
        topology.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(StoreNames.READS), keys, Topics.READS.valueSerde()), PROCESSOR);
        topology.addSink(USER_SIGNALS_SINK, Topics.USER_SIGNALS.name(), keys.serializer(),
                Topics.USER_SIGNALS.valueSerde().serializer(), PROCESSOR);
        topology.addSink(GATEWAY_SINK, gatewayTopic(), keys.serializer(),
                Topics.gateway("any").valueSerde().serializer(), PROCESSOR);
        topology.addSink(RECIPIENT_COPY_SINK, Topics.MESSAGES.name(), keys.serializer(),
                Topics.MESSAGES.valueSerde().serializer(), PROCESSOR);
        addRooms(topology, config);
        return topology;
    }

    /**
     * The rooms: the co-partitioned rooms, room-sends, room-interest and room-signals topics (keyed by room id)
     * feed one processor per room ({@link RoomProcessor}), whose output is frames to the gateways holding
     * subscribed sockets, each member's own membership changes to room-members (keyed by user), and the answers
     * to room commands. Its room-log, room-state and room-reads changelogs are read by query-api.
     */
    private static void addRooms(Topology topology, PresenceConfig config) {
        Serde<String> keys = Serdes.String();
        topology.addSource(ROOMS_SOURCE, keys.deserializer(), Topics.ROOMS.valueSerde().deserializer(),
                Topics.ROOMS.name());
        topology.addSource(ROOM_SENDS_SOURCE, keys.deserializer(), Topics.ROOM_SENDS.valueSerde().deserializer(),
                Topics.ROOM_SENDS.name());
        topology.addSource(ROOM_INTEREST_SOURCE, keys.deserializer(),
                Topics.ROOM_INTEREST.valueSerde().deserializer(), Topics.ROOM_INTEREST.name());
        topology.addSource(ROOM_SIGNALS_SOURCE, keys.deserializer(), Topics.ROOM_SIGNALS.valueSerde().deserializer(),
                Topics.ROOM_SIGNALS.name());
        topology.addProcessor(ROOM_PROCESSOR, () -> new RoomProcessor(config), ROOMS_SOURCE, ROOM_SENDS_SOURCE,
                ROOM_INTEREST_SOURCE, ROOM_SIGNALS_SOURCE);
        topology.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(StoreNames.ROOM_STATE), keys,
                Topics.ROOM_STATE.valueSerde()), ROOM_PROCESSOR);
        topology.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(StoreNames.ROOM_LOG), keys,
                Topics.ROOM_LOG.valueSerde()), ROOM_PROCESSOR);
        topology.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(StoreNames.ROOM_IDS), keys, Serdes.Long()).withLoggingDisabled(),
                ROOM_PROCESSOR);
        topology.addStateStore(Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(StoreNames.ROOM_GATEWAYS), keys,
                new AvroSerde<>(LiveConnection.getClassSchema())), ROOM_PROCESSOR);
        topology.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(StoreNames.ROOM_READS), keys,
                Topics.ROOM_READS.valueSerde()), ROOM_PROCESSOR);
        // a sink of its own: one shared with the user processor would join the two into one sub-topology
        topology.addSink(ROOM_GATEWAY_SINK, gatewayTopic(), keys.serializer(),
                Topics.gateway("any").valueSerde().serializer(), ROOM_PROCESSOR);
        topology.addSink(ROOM_MEMBERS_SINK, Topics.ROOM_MEMBERS.name(), keys.serializer(),
                Topics.ROOM_MEMBERS.valueSerde().serializer(), ROOM_PROCESSOR);
        topology.addSink(ROOM_REPLIES_SINK, GatewayRecords.<RoomReply>roomRepliesTopic(), keys.serializer(),
                Topics.roomReplies("any").valueSerde().serializer(), ROOM_PROCESSOR);
    }

    /** The topic of the gateway named in the record's header. */
    private static TopicNameExtractor<String, Delivery> gatewayTopic() {
        return (key, value, context) -> {
            Header gateway = context.headers().lastHeader(UserProcessor.GATEWAY_HEADER);
            return Topics.gatewayTopicName(new String(gateway.value(), StandardCharsets.UTF_8));
        };
    }
}
