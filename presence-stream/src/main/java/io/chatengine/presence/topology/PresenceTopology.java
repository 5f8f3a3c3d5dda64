package io.chatengine.presence.topology;

import io.chatengine.presence.config.PresenceConfig;
import io.chatengine.common.kafka.StoreMirror;
import io.chatengine.schemas.Topic;
import io.chatengine.schemas.Topics;
import io.chatengine.schemas.AvroSerde;
import io.chatengine.schemas.avro.Delivery;
import io.chatengine.schemas.avro.GatewayHeartbeat;
import io.chatengine.schemas.avro.LiveConnection;
import io.chatengine.schemas.avro.RoomReply;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.TopicNameExtractor;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
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

    private static final Serde<String> KEYS = Serdes.String();

    private PresenceTopology() {
    }

    public static Topology build(PresenceConfig config) {
        Topology topology = new Topology();
        topology.addGlobalStore(
                Stores.keyValueStoreBuilder(
                        Stores.inMemoryKeyValueStore(StoreNames.GATEWAYS), KEYS,
                        Topics.GATEWAYS.valueSerde()).withLoggingDisabled(),
                "gateways-source", KEYS.deserializer(), Topics.GATEWAYS.valueSerde().deserializer(),
                Topics.GATEWAYS.name(), "gateways-updater", () -> new StoreMirror<GatewayHeartbeat>(StoreNames.GATEWAYS));
        source(topology, MESSAGES_SOURCE, Topics.MESSAGES);
        source(topology, CONNECTIONS_SOURCE, Topics.CONNECTIONS);
        source(topology, ROOM_MEMBERS_SOURCE, Topics.ROOM_MEMBERS);
        source(topology, USER_SIGNALS_SOURCE, Topics.USER_SIGNALS);
        topology.addProcessor(PROCESSOR, () -> new UserProcessor(config), MESSAGES_SOURCE, CONNECTIONS_SOURCE,
                ROOM_MEMBERS_SOURCE, USER_SIGNALS_SOURCE);
        store(topology, PROCESSOR, Stores.persistentKeyValueStore(StoreNames.INBOX), Topics.INBOX.valueSerde());
        localIndex(topology, PROCESSOR, StoreNames.INBOX_IDS);
        store(topology, PROCESSOR, Stores.inMemoryKeyValueStore(StoreNames.PRESENCE), Topics.PRESENCE.valueSerde());
        store(topology, PROCESSOR, Stores.persistentKeyValueStore(StoreNames.USER_ROOMS),
                Topics.USER_ROOMS.valueSerde());
        store(topology, PROCESSOR, Stores.persistentKeyValueStore(StoreNames.READS), Topics.READS.valueSerde());
        sink(topology, USER_SIGNALS_SINK, Topics.USER_SIGNALS, PROCESSOR);
        gatewaySink(topology, GATEWAY_SINK, PROCESSOR);
        sink(topology, RECIPIENT_COPY_SINK, Topics.MESSAGES, PROCESSOR);
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
        source(topology, ROOMS_SOURCE, Topics.ROOMS);
        source(topology, ROOM_SENDS_SOURCE, Topics.ROOM_SENDS);
        source(topology, ROOM_INTEREST_SOURCE, Topics.ROOM_INTEREST);
        source(topology, ROOM_SIGNALS_SOURCE, Topics.ROOM_SIGNALS);
        topology.addProcessor(ROOM_PROCESSOR, () -> new RoomProcessor(config), ROOMS_SOURCE, ROOM_SENDS_SOURCE,
                ROOM_INTEREST_SOURCE, ROOM_SIGNALS_SOURCE);
        store(topology, ROOM_PROCESSOR, Stores.persistentKeyValueStore(StoreNames.ROOM_STATE),
                Topics.ROOM_STATE.valueSerde());
        store(topology, ROOM_PROCESSOR, Stores.persistentKeyValueStore(StoreNames.ROOM_LOG),
                Topics.ROOM_LOG.valueSerde());
        localIndex(topology, ROOM_PROCESSOR, StoreNames.ROOM_IDS);
        store(topology, ROOM_PROCESSOR, Stores.inMemoryKeyValueStore(StoreNames.ROOM_GATEWAYS),
                new AvroSerde<>(LiveConnection.getClassSchema()));
        store(topology, ROOM_PROCESSOR, Stores.persistentKeyValueStore(StoreNames.ROOM_READS),
                Topics.ROOM_READS.valueSerde());
        // a sink of its own: one shared with the user processor would join the two into one sub-topology
        gatewaySink(topology, ROOM_GATEWAY_SINK, ROOM_PROCESSOR);
        sink(topology, ROOM_MEMBERS_SINK, Topics.ROOM_MEMBERS, ROOM_PROCESSOR);
        topology.addSink(ROOM_REPLIES_SINK, roomRepliesTopic(), KEYS.serializer(),
                Topics.roomReplies("any").valueSerde().serializer(), ROOM_PROCESSOR);
    }

    /** A source of {@code topic}, whose keys are usernames or room ids. */
    private static void source(Topology topology, String name, Topic<?> topic) {
        topology.addSource(name, KEYS.deserializer(), topic.valueSerde().deserializer(), topic.name());
    }

    /** A store of {@code processor} whose changelog holds its rows (read by query-api where it serves them). */
    private static <V> void store(Topology topology, String processor, KeyValueBytesStoreSupplier supplier,
                                  Serde<V> values) {
        topology.addStateStore(Stores.keyValueStoreBuilder(supplier, KEYS, values), processor);
    }

    /** A local index of {@code processor} (id -> seq) that Kafka never sees: rebuilt from its log's rows. */
    private static void localIndex(Topology topology, String processor, String name) {
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), KEYS, Serdes.Long())
                .withLoggingDisabled(), processor);
    }

    /** A sink of {@code processor} to the topic of the gateway each record names ({@link #gatewayTopic()}). */
    private static void gatewaySink(Topology topology, String name, String processor) {
        topology.addSink(name, gatewayTopic(), KEYS.serializer(), Topics.gateway("any").valueSerde().serializer(),
                processor);
    }

    /** A sink of {@code processor} to {@code topic}. */
    private static <V> void sink(Topology topology, String name, Topic<V> topic, String processor) {
        topology.addSink(name, topic.name(), KEYS.serializer(), topic.valueSerde().serializer(), processor);
    }

    /** The room replies topic of the user-command-service instance the reply names. */
    private static TopicNameExtractor<String, RoomReply> roomRepliesTopic() {
        return (key, reply, context) -> Topics.roomReplies(reply.getReplyTo()).name();
    }

    /** The topic of the gateway the delivery names. */
    private static TopicNameExtractor<String, Delivery> gatewayTopic() {
        return (key, delivery, context) -> Topics.gatewayTopicName(delivery.getGateway());
    }
}
