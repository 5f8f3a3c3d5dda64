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
 * has. An entry whose text is empty is a marker: what stays of the newest entry once retention removed it, so
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
        InboxIndex.Summary inbox = index.of(owner, this::load);
        long known = inbox.seqOf(message.getId());
        if (known >= 0) {
            InboxEntry entry = store.get(InboxKeys.entry(owner, known));
            if (entry == null || entry.getId().equals(message.getId())) {
                return entry == null || isMarker(entry) ? null : entry;
            } // else another id with the same hash: a new message
        }
        InboxEntry entry = new InboxEntry(owner, inbox.latest + 1, message.getId(), message.getFrom(),
                message.getTo(), message.getRef(), message.getText(), message.getAt());
        store.put(InboxKeys.entry(owner, entry.getSeq()), entry);
        int before = inbox.size();
        inbox.add(entry.getId(), entry.getSeq());
        index.added(inbox, before);
        return entry;
    }

    /** The owner's latest seq; 0 for an inbox that never had an entry. */
    long latest(String owner) {
        return index.of(owner, this::load).latest;
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

    private InboxIndex.Summary load(String owner) {
        InboxIndex.Summary summary = new InboxIndex.Summary();
        try (KeyValueIterator<String, InboxEntry> rows =
                     store.range(InboxKeys.entry(owner, 0), InboxKeys.afterEntries(owner))) {
            rows.forEachRemaining(row -> {
                if (InboxKeys.isEntry(row.key)) {
                    summary.add(row.value.getId(), row.value.getSeq());
                }
            });
        }
        InboxEntry legacyLatest = store.get(InboxKeys.prefix(owner) + 'l'); // the latest row of the store's v1 layout
        if (legacyLatest != null) {
            summary.latest = Math.max(summary.latest, legacyLatest.getSeq());
        }
        return summary;
    }
}
