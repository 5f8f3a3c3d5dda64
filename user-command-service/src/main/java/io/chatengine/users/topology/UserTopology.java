package io.chatengine.users.topology;

import io.chatengine.schemas.Topics;
import io.chatengine.schemas.avro.UserReply;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * user-commands -> decide per username ({@link UserCommandProcessor}) -> users (the account events) and the
 * asking instance's reply topic. With exactly-once processing the reply becomes visible together with the
 * event it reports, so an answer is only given once the event is durably in Kafka.
 */
public final class UserTopology {
    public static final String USERS_STORE = "users";
    public static final String IDEMPOTENCY_STORE = "idempotency-keys";
    static final String SOURCE = "user-commands-source";
    static final String PROCESSOR = "user-command-decider";
    static final String USERS_SINK = "users-sink";
    static final String REPLIES_SINK = "replies-sink";

    private UserTopology() {
    }

    public static Topology build() {
        Serde<String> keys = Serdes.String();
        Serde<UserReply> replies = Topics.userReplies("any").valueSerde();
        Topology topology = new Topology();
        topology.addSource(SOURCE, keys.deserializer(), Topics.USER_COMMANDS.valueSerde().deserializer(),
                Topics.USER_COMMANDS.name());
        topology.addProcessor(PROCESSOR, UserCommandProcessor::new, SOURCE);
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(USERS_STORE), keys,
                Topics.USERS.valueSerde()), PROCESSOR);
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(IDEMPOTENCY_STORE), keys,
                replies), PROCESSOR);
        topology.addSink(USERS_SINK, Topics.USERS.name(), keys.serializer(), serializer(Topics.USERS.valueSerde()),
                PROCESSOR);
        topology.addSink(REPLIES_SINK, (key, reply, context) -> Topics.userReplies(((UserReply) reply).getReplyTo()).name(),
                keys.serializer(), serializer(replies), PROCESSOR);
        return topology;
    }

    @SuppressWarnings("unchecked")
    static Serializer<SpecificRecord> serializer(Serde<?> serde) {
        return (Serializer<SpecificRecord>) serde.serializer();
    }
}
