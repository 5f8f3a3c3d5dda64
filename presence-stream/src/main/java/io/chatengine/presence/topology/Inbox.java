package io.chatengine.presence.topology;

import io.chatengine.common.InboxKeys;
import io.chatengine.common.RoomIds;
import io.chatengine.schemas.avro.InboxEntry;
import io.chatengine.schemas.avro.MessageSent;
import io.chatengine.schemas.avro.RoomMembership;
import java.util.function.Predicate;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The sequencer: every user's inbox, one store row per entry. A new message id gets the next seq of the owner's
 * inbox; an id the inbox holds already (a resend, or a record processed again after a crash) keeps the seq it
 * has ({@link InboxIndex} finds it). An entry whose text is empty is a marker: what stays of the newest entry
 * once retention removed it, so that seqs go on from it.
 */
final class Inbox {
    private final KeyValueStore<String, InboxEntry> store;
    private final InboxIndex index;

    Inbox(KeyValueStore<String, InboxEntry> store, InboxIndex index) {
        this.store = store;
        this.index = index;
    }

    /**
     * The entry the owner's inbox holds for the message id: the stored one (a marker if past retention), or null
     * for an id it does not know.
     */
    InboxEntry find(String owner, String id) {
        long latest = index.latest(owner); // first: it catches the id index up
        long known = index.seqOf(owner, id);
        if (known >= 0 && known <= latest) {
            InboxEntry entry = store.get(InboxKeys.entry(owner, known));
            if (entry != null && entry.getId().equals(id)) {
                return entry;
            }
        } // else unknown, or a stale index row from before a crash
        return null;
    }

    /** Stores the message, which {@link #find} does not know, as the owner's next entry. */
    InboxEntry append(String owner, MessageSent message) {
        return append(new InboxEntry(owner, 0L, message.getId(), message.getFrom(), message.getTo(), message.getRef(),
                message.getText(), message.getAt(), null, null));
    }

    /**
     * Stores a change of the owner's own membership of a room, which {@link #find} does not know, as the owner's
     * next entry: who acted is its {@code from}, the change its text.
     */
    InboxEntry append(RoomMembership change) {
        return append(new InboxEntry(change.getUser(), 0L, RoomIds.membershipId(change.getRoom(), change.getRoomSeq()),
                change.getBy(), change.getUser(), null, change.getChange(), change.getAt(), change.getRoom(),
                change.getRoomSeq()));
    }

    private InboxEntry append(InboxEntry draft) {
        draft.setSeq(index.latest(draft.getOwner()) + 1);
        store.put(InboxKeys.entry(draft.getOwner(), draft.getSeq()), draft);
        index.added(draft);
        return draft;
    }

    /**
     * The owner's newest direct message with {@code peer} (either way) at or below {@code atOrBelow}, looking at
     * no more than {@code scanned} entries back; null if there is none among them.
     */
    InboxEntry latestWith(String owner, String peer, long atOrBelow, int scanned) {
        if (atOrBelow < 1) {
            return null;
        }
        try (KeyValueIterator<String, InboxEntry> entries =
                     store.reverseRange(InboxKeys.entry(owner, 1), InboxKeys.entry(owner, atOrBelow))) {
            for (int i = 0; i < scanned && entries.hasNext(); i++) {
                InboxEntry entry = entries.next().value;
                if (entry.getRoom() == null && !isMarker(entry) && (entry.getFrom().equals(peer) && entry.getTo().equals(owner)
                        || entry.getFrom().equals(owner) && entry.getTo().equals(peer))) {
                    return entry;
                }
            }
        }
        return null;
    }

    /** The owner's latest seq; 0 for an inbox that never had an entry. */
    long latest(String owner) {
        return index.latest(owner);
    }

    /**
     * The owner's entries with a seq in (after, upTo], oldest first, markers left out, while {@code action} asks
     * for more.
     */
    void forEachBetween(String owner, long after, long upTo, Predicate<InboxEntry> action) {
        LogIndex.forEachBetween(store, owner, after, upTo, entry -> isMarker(entry) || action.test(entry));
    }

    static boolean isMarker(InboxEntry entry) {
        return entry.getText().isEmpty();
    }

}
