package io.chatengine.query.topology;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chatengine.common.SortableKeys;
import io.chatengine.common.Times;
import io.chatengine.common.http.HttpJson;
import io.chatengine.schemas.Topics;
import io.chatengine.schemas.avro.InboxEntry;
import io.chatengine.schemas.avro.Presence;
import io.chatengine.schemas.avro.UserCreated;
import io.chatengine.schemas.avro.UserEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * The read side: users, presence and every inbox, materialized into stores that the HTTP API queries.
 * users: username -> the view as JSON; presence: username -> Presence; history: owner NUL peer NUL seq ->
 * entry, so one conversation is one contiguous key range, newest last.
 */
public final class QueryTopology {
    public static final String USERS_STORE = "users-view";
    public static final String PRESENCE_STORE = "presence-view";
    public static final String HISTORY_STORE = "history";
    private static final char SEP = '\u0000';

    private QueryTopology() {
    }

    public static Topology build() {
        Serde<String> keys = Serdes.String();
        Topology topology = new Topology();
        topology.addSource("users-source", keys.deserializer(), Topics.USERS.valueSerde().deserializer(),
                Topics.USERS.name());
        topology.addProcessor("users-view-updater", UsersUpdater::new, "users-source");

        topology.addSource("presence-source", keys.deserializer(), Topics.PRESENCE.valueSerde().deserializer(),
                Topics.PRESENCE.name());
        topology.addProcessor("presence-view-updater", PresenceUpdater::new, "presence-source");

        topology.addSource("inbox-source", keys.deserializer(), Topics.INBOX.valueSerde().deserializer(),
                Topics.INBOX.name());
        topology.addProcessor("history-updater", HistoryUpdater::new, "inbox-source");
        // Every store is connected to every updater, so the three co-partitioned inputs form one sub-topology:
        // all that is known about a username lives in one task, on one instance, found by one metadata lookup.
        String[] updaters = {"users-view-updater", "presence-view-updater", "history-updater"};
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(USERS_STORE), keys,
                Serdes.String()), updaters);
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(PRESENCE_STORE), keys,
                Topics.PRESENCE.valueSerde()), updaters);
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(HISTORY_STORE), keys,
                Topics.INBOX.valueSerde()), updaters);
        return topology;
    }

    /** The history key: owner, the other party of the conversation, and the 19-digit seq. */
    public static String historyKey(String owner, String peer, long seq) {
        return conversation(owner, peer) + SortableKeys.seq(seq);
    }

    public static String conversation(String owner, String peer) {
        return owner + SEP + peer + SEP;
    }

    static String peerOf(InboxEntry entry) {
        return entry.getFrom().equals(entry.getOwner()) ? entry.getTo() : entry.getFrom();
    }

    private static final class UsersUpdater implements Processor<String, UserEvent, Void, Void> {
        private KeyValueStore<String, String> users;

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
                ObjectNode view = HttpJson.MAPPER.createObjectNode();
                view.put("username", created.getUsername());
                view.put("displayName", created.getDisplayName());
                view.put("createdAt", Times.iso(created.getCreatedAt()));
                view.put("active", true);
                users.putIfAbsent(record.key(), view.toString());
            } else {
                String current = users.get(record.key());
                if (current != null) {
                    try {
                        ObjectNode view = (ObjectNode) HttpJson.MAPPER.readTree(current);
                        view.put("active", false);
                        users.put(record.key(), view.toString());
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            }
        }
    }

    private static final class PresenceUpdater implements Processor<String, Presence, Void, Void> {
        private KeyValueStore<String, Presence> presence;

        @Override
        public void init(ProcessorContext<Void, Void> context) {
            presence = context.getStateStore(PRESENCE_STORE);
        }

        @Override
        public void process(Record<String, Presence> record) {
            if (record.value() == null) {
                presence.delete(record.key());
            } else {
                presence.put(record.key(), record.value());
            }
        }
    }

    private static final class HistoryUpdater implements Processor<String, InboxEntry, Void, Void> {
        private KeyValueStore<String, InboxEntry> history;

        @Override
        public void init(ProcessorContext<Void, Void> context) {
            history = context.getStateStore(HISTORY_STORE);
        }

        @Override
        public void process(Record<String, InboxEntry> record) {
            InboxEntry entry = record.value();
            if (entry != null) {
                history.put(historyKey(entry.getOwner(), peerOf(entry), entry.getSeq()), entry);
            }
        }
    }
}
