package io.chatengine.query.topology;

import io.chatengine.common.InboxKeys;
import io.chatengine.common.kafka.StoreMirror;
import io.chatengine.schemas.Topics;
import io.chatengine.schemas.avro.InboxEntry;
import io.chatengine.schemas.avro.UserAccount;
import io.chatengine.schemas.avro.UserCreated;
import io.chatengine.schemas.avro.UserEvent;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * The read side: users, presence and every inbox, in stores that the HTTP API queries. users: username -> the
 * account ({@link UserAccount}), from the users topic. presence and history are read-only stores over presence-stream's own
 * changelogs (the presence and inbox topics), which are their changelogs too: query-api writes nothing per
 * message or connection. history: {@code InboxKeys.entry(owner, seq)} -> entry, one owner's entries one key
 * range in seq order, entries past retention deleted as presence-stream deletes them. Rooms (version 3) the same
 * way: read-only stores over user-rooms and reads (in the user's sub-topology) and over room-state, room-log and
 * room-reads (one sub-topology per room partition).
 */
public final class QueryTopology {
    public static final String USERS_STORE = "users-view";
    public static final String PRESENCE_STORE = "presence-view";
    public static final String HISTORY_STORE = "history";
    /** A user's rooms (user-rooms changelog), keyed by username. */
    public static final String USER_ROOMS_STORE = "user-rooms-view";
    /** Direct read positions (reads changelog): {@code InboxKeys.pair(reader, peer)} -> the reader's own seq. */
    public static final String READS_STORE = "reads-view";
    /** Rooms' settings and members (room-state changelog), keyed by room id. */
    public static final String ROOM_STATE_STORE = "room-state-view";
    /** Every room's log (room-log changelog): {@code InboxKeys.entry(room, seq)} -> the frame. */
    public static final String ROOM_LOG_STORE = "room-log-view";
    /** Room read positions (room-reads changelog): {@code InboxKeys.pair(room, user)} -> the room seq read. */
    public static final String ROOM_READS_STORE = "room-reads-view";

    private QueryTopology() {
    }

    public static Topology build() {
        Serde<String> keys = Serdes.String();
        Topology topology = new Topology();
        topology.addSource("users-source", keys.deserializer(), Topics.USERS.valueSerde().deserializer(),
                Topics.USERS.name());
        topology.addProcessor("users-view-updater", UsersUpdater::new, "users-source");
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(USERS_STORE), keys,
                AccountSerde.create()), "users-view-updater");
        topology.addReadOnlyStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(PRESENCE_STORE),
                        keys, Topics.PRESENCE.valueSerde()).withLoggingDisabled(),
                "presence-source", keys.deserializer(), Topics.PRESENCE.valueSerde().deserializer(),
                Topics.PRESENCE.name(), "presence-view-updater", () -> new StoreMirror<>(PRESENCE_STORE));
        topology.addReadOnlyStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(HISTORY_STORE),
                        keys, Topics.INBOX.valueSerde()).withLoggingDisabled(),
                "inbox-source", keys.deserializer(), Topics.INBOX.valueSerde().deserializer(),
                Topics.INBOX.name(), "history-updater", () -> new StoreMirror<>(HISTORY_STORE));
        mirror(topology, USER_ROOMS_STORE, Topics.USER_ROOMS.name(), Topics.USER_ROOMS.valueSerde());
        mirror(topology, READS_STORE, Topics.READS.name(), Topics.READS.valueSerde());
        // The users updater is connected to every store, so the co-partitioned inputs keyed by user form one
        // sub-topology: all that is known about a username lives in one task, found by one metadata lookup.
        topology.connectProcessorAndStateStores("users-view-updater", PRESENCE_STORE, HISTORY_STORE,
                USER_ROOMS_STORE, READS_STORE);
        mirror(topology, ROOM_STATE_STORE, Topics.ROOM_STATE.name(), Topics.ROOM_STATE.valueSerde());
        mirror(topology, ROOM_LOG_STORE, Topics.ROOM_LOG.name(), Topics.ROOM_LOG.valueSerde());
        mirror(topology, ROOM_READS_STORE, Topics.ROOM_READS.name(), Topics.ROOM_READS.valueSerde());
        // Likewise everything about a room (its state, log and reads, all in the room's partition) is one
        // sub-topology, so a room's keys are found by one lookup of the room id in ROOM_STATE_STORE.
        topology.connectProcessorAndStateStores(ROOM_STATE_STORE + "-updater", ROOM_LOG_STORE, ROOM_READS_STORE);
        return topology;
    }

    /** A read-only store over one of presence-stream's changelogs, which is its changelog too. */
    private static <V> void mirror(Topology topology, String store, String topic, Serde<V> values) {
        Serde<String> keys = Serdes.String();
        topology.addReadOnlyStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(store), keys,
                        values).withLoggingDisabled(), store + "-source", keys.deserializer(), values.deserializer(),
                topic, store + "-updater", () -> new StoreMirror<>(store));
    }

    /** The owner's messages with {@code peer} whose seq is below {@code before}, newest first, at most limit. */
    public static List<InboxEntry> conversation(ReadOnlyKeyValueStore<String, InboxEntry> history, String owner,
                                                String peer, long before, int limit) {
        List<InboxEntry> found = new ArrayList<>();
        if (before <= 1) {
            return found;
        }
        try (KeyValueIterator<String, InboxEntry> entries =
                     history.reverseRange(InboxKeys.entry(owner, 0), InboxKeys.entry(owner, before - 1))) {
            while (entries.hasNext() && found.size() < limit) {
                KeyValue<String, InboxEntry> row = entries.next();
                InboxEntry entry = row.value;
                // rows of the store's earlier layout and markers of expired entries are not messages
                if (isMessage(row.key, entry) && peerOf(entry).equals(peer)) {
                    found.add(entry);
                }
            }
        }
        return found;
    }

    /**
     * Whether an inbox row is a direct message: not a row of the store's earlier layout, not the marker an expired
     * entry leaves (no text), not a room entry (a change of the owner's membership, a message with no one).
     */
    public static boolean isMessage(String key, InboxEntry entry) {
        return InboxKeys.isEntry(key) && entry.getRoom() == null && !entry.getText().isEmpty();
    }

    public static String peerOf(InboxEntry entry) {
        return entry.getFrom().equals(entry.getOwner()) ? entry.getTo() : entry.getFrom();
    }

    private static final class UsersUpdater implements Processor<String, UserEvent, Void, Void> {
        private KeyValueStore<String, UserAccount> users;

        @Override
        public void init(ProcessorContext<Void, Void> context) {
            users = context.getStateStore(USERS_STORE);
        }

        @Override
        public void process(Record<String, UserEvent> record) {
            if (record.value() == null) {
                return;
            }
            if (record.value().getEvent() instanceof UserCreated created) {
                users.putIfAbsent(record.key(), new UserAccount(created.getUsername(), created.getDisplayName(),
                        created.getCreatedAt(), true));
            } else {
                UserAccount account = users.get(record.key());
                if (account != null) {
                    account.setActive(false);
                    users.put(record.key(), account);
                }
            }
        }
    }
}
