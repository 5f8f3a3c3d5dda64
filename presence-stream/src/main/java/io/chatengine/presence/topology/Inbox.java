package io.chatengine.presence.topology;

import io.chatengine.common.InboxKeys;
import io.chatengine.schemas.avro.InboxEntry;
import io.chatengine.schemas.avro.MessageSent;
import java.util.function.Consumer;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The sequencer: every user's inbox, one store row per entry. A new message id gets the next seq of the owner's
 * inbox; an id the inbox holds already (a resend, or a record processed again after a crash) keeps the seq it
 * has ({@link InboxIndex} finds it). An entry whose text is empty is a marker: what stays of the newest entry once retention removed it, so
 * that seqs go on from it.
 */
final class Inbox {
    private final KeyValueStore<String, InboxEntry> store;
    private final InboxIndex index;

    Inbox(KeyValueStore<String, InboxEntry> store, InboxIndex index) {
        this.store = store;
        this.index = index;
    }

    /** What the owner's inbox holds for the message: a new entry, the one it had, or null if past retention. */
    InboxEntry append(String owner, MessageSent message) {
        long latest = index.latest(owner);
        long known = index.seqOf(owner, message.getId());
        if (known >= 0 && known <= latest) {
            InboxEntry entry = store.get(InboxKeys.entry(owner, known));
            if (entry != null && entry.getId().equals(message.getId())) {
                return isMarker(entry) ? null : entry; // a marker: past retention, not stored again
            }
        } // else unknown, or a stale index row from before a crash: a new message
        InboxEntry entry = new InboxEntry(owner, latest + 1, message.getId(), message.getFrom(),
                message.getTo(), message.getRef(), message.getText(), message.getAt());
        store.put(InboxKeys.entry(owner, entry.getSeq()), entry);
        index.added(entry);
        return entry;
    }

    /** The owner's latest seq; 0 for an inbox that never had an entry. */
    long latest(String owner) {
        return index.latest(owner);
    }

    /** The owner's entries with a seq in (after, upTo], oldest first, markers left out. */
    void forEachBetween(String owner, long after, long upTo, Consumer<InboxEntry> action) {
        if (after >= upTo) {
            return;
        }
        try (KeyValueIterator<String, InboxEntry> entries =
                     store.range(InboxKeys.entry(owner, Math.max(0, after) + 1), InboxKeys.entry(owner, upTo))) {
            entries.forEachRemaining(row -> {
                if (!isMarker(row.value)) {
                    action.accept(row.value);
                }
            });
        }
    }

    static boolean isMarker(InboxEntry entry) {
        return entry.getText().isEmpty();
    }

}
