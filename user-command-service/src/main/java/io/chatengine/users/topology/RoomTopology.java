package io.chatengine.users.topology;

import io.chatengine.common.kafka.StoreMirror;
import io.chatengine.schemas.AvroSerde;
import io.chatengine.schemas.Topics;
import io.chatengine.schemas.avro.RoomDecision;
import io.chatengine.schemas.avro.RoomKeyUse;
import io.chatengine.schemas.avro.RoomReply;
import io.chatengine.users.config.RoomLimits;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * room-commands -> decide per room ({@link RoomCommandProcessor}) -> rooms (accepted changes, and RoomUnchanged for
 * accepted commands that change nothing) or the asking instance's room-replies topic (refusals). Users and each
 * user's rooms come from global stores over the users topic and presence-stream's user-rooms changelog. It runs as a
 * second sub-topology of user-command-service's exactly-once application, beside the user topology: a refusal is
 * visible only once committed, and an event is written once however often its command is processed.
 */
public final class RoomTopology {
    public static final String DECISIONS_STORE = "room-decisions";
    public static final String IDEMPOTENCY_STORE = "room-idempotency-keys";
    /** Global: the latest event of each user (its account: created, or deactivated). */
    public static final String USERS_STORE = "global-users";
    /** Global: each user's rooms, from presence-stream's user-rooms changelog. */
    public static final String USER_ROOMS_STORE = "global-user-rooms";
    static final String SOURCE = "room-commands-source";
    static final String PROCESSOR = "room-command-decider";
    static final String ROOMS_SINK = "rooms-sink";
    static final String REPLIES_SINK = "room-replies-sink";

    private RoomTopology() {
    }

    public static Topology build(RoomLimits limits) {
        return addTo(new Topology(), limits);
    }

    /** Adds the room sub-topology and its global stores to {@code topology} (the user topology). */
    public static Topology addTo(Topology topology, RoomLimits limits) {
        Serde<String> keys = Serdes.String();
        Serde<RoomReply> replies = Topics.roomReplies("any").valueSerde();
        topology.addGlobalStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(USERS_STORE), keys,
                        Topics.USERS.valueSerde()).withLoggingDisabled(), "global-users-source", keys.deserializer(),
                Topics.USERS.valueSerde().deserializer(), Topics.USERS.name(), "global-users-mirror",
                () -> new StoreMirror<>(USERS_STORE));
        topology.addGlobalStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(USER_ROOMS_STORE), keys,
                        Topics.USER_ROOMS.valueSerde()).withLoggingDisabled(), "global-user-rooms-source",
                keys.deserializer(), Topics.USER_ROOMS.valueSerde().deserializer(), Topics.USER_ROOMS.name(),
                "global-user-rooms-mirror", () -> new StoreMirror<>(USER_ROOMS_STORE));
        topology.addSource(SOURCE, keys.deserializer(), Topics.ROOM_COMMANDS.valueSerde().deserializer(),
                Topics.ROOM_COMMANDS.name());
        topology.addProcessor(PROCESSOR, () -> new RoomCommandProcessor(limits), SOURCE);
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(DECISIONS_STORE), keys,
                new AvroSerde<RoomDecision>(RoomDecision.getClassSchema())), PROCESSOR);
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(IDEMPOTENCY_STORE), keys,
                new AvroSerde<RoomKeyUse>(RoomKeyUse.getClassSchema())), PROCESSOR);
        topology.addSink(ROOMS_SINK, Topics.ROOMS.name(), keys.serializer(), UserTopology.serializer(Topics.ROOMS.valueSerde()),
                PROCESSOR);
        topology.addSink(REPLIES_SINK, (key, reply, context) -> Topics.roomReplies(((RoomReply) reply).getReplyTo()).name(),
                keys.serializer(), UserTopology.serializer(replies), PROCESSOR);
        return topology;
    }
}
