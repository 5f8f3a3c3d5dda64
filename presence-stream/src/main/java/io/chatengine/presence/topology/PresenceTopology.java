package io.chatengine.presence.topology;

import io.chatengine.presence.config.PresenceConfig;
import io.chatengine.schemas.Topic;
import io.chatengine.schemas.Topics;
import java.nio.charset.StandardCharsets;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.TopicNameExtractor;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;

/**
 * The presence-stream topology: the co-partitioned messages and connections topics feed one processor per user
 * ({@link InboxProcessor}), which writes sequenced entries to the inbox topic, presence to the presence topic
 * and frames to the topic of each gateway holding the user's sockets. Gateway heartbeats are a global store.
 */
public final class PresenceTopology {
    static final String MESSAGES_SOURCE = "messages-source";
    static final String CONNECTIONS_SOURCE = "connections-source";
    static final String PROCESSOR = "inbox-processor";
    static final String INBOX_SINK = "inbox-sink";
    static final String PRESENCE_SINK = "presence-sink";
    static final String GATEWAY_SINK = "gateway-sink";

    private PresenceTopology() {
    }

    public static Topology build(PresenceConfig config) {
        Serde<String> keys = Serdes.String();
        Topology topology = new Topology();
        topology.addGlobalStore(
                store(Stores.GATEWAYS, Topics.GATEWAYS.valueSerde()).withLoggingDisabled(),
                "gateways-source", keys.deserializer(), Topics.GATEWAYS.valueSerde().deserializer(),
                Topics.GATEWAYS.name(), "gateways-updater", GatewayHeartbeatUpdater::new);
        topology.addSource(MESSAGES_SOURCE, keys.deserializer(), Topics.MESSAGES.valueSerde().deserializer(),
                Topics.MESSAGES.name());
        topology.addSource(CONNECTIONS_SOURCE, keys.deserializer(), Topics.CONNECTIONS.valueSerde().deserializer(),
                Topics.CONNECTIONS.name());
        topology.addProcessor(PROCESSOR, () -> new InboxProcessor(config), MESSAGES_SOURCE, CONNECTIONS_SOURCE);
        topology.addStateStore(store(Stores.INBOX, Topics.INBOX.valueSerde()), PROCESSOR);
        topology.addStateStore(store(Stores.CONNECTIONS, Topics.CONNECTIONS.valueSerde()), PROCESSOR);
        topology.addSink(INBOX_SINK, Topics.INBOX.name(), keys.serializer(), valueSerializer(Topics.INBOX), PROCESSOR);
        topology.addSink(PRESENCE_SINK, Topics.PRESENCE.name(), keys.serializer(), valueSerializer(Topics.PRESENCE),
                PROCESSOR);
        topology.addSink(GATEWAY_SINK, gatewayTopic(), keys.serializer(),
                valueSerializer(Topics.gateway("any")), PROCESSOR);
        return topology;
    }

    /** The topic of the gateway named in the record's header. */
    private static TopicNameExtractor<String, SpecificRecord> gatewayTopic() {
        return (key, value, context) -> {
            Header gateway = context.headers().lastHeader(InboxProcessor.GATEWAY_HEADER);
            return Topics.gatewayTopicName(new String(gateway.value(), StandardCharsets.UTF_8));
        };
    }

    @SuppressWarnings("unchecked")
    private static <V> Serializer<SpecificRecord> valueSerializer(Topic<V> topic) {
        return (Serializer<SpecificRecord>) topic.valueSerde().serializer();
    }

    private static <V> StoreBuilder<KeyValueStore<String, V>> store(String name, Serde<V> values) {
        return org.apache.kafka.streams.state.Stores.keyValueStoreBuilder(
                org.apache.kafka.streams.state.Stores.persistentKeyValueStore(name), Serdes.String(), values);
    }
}
