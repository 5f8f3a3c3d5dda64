package io.chatengine.presence.topology;

import io.chatengine.common.InboxKeys;
import io.chatengine.schemas.avro.RoomEntry;
import io.chatengine.schemas.avro.RoomEntryKind;
import io.chatengine.schemas.avro.RoomSend;
import java.time.Instant;
import java.util.function.Predicate;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The sequencer of every room's log, one store row per frame ({@code InboxKeys.entry(room, seq)}), whose
 * changelog is the room log others read. A row gets the next seq of its room; a row whose id the log holds
 * already (a resend, or an event or send processed again after a crash) keeps the seq it has, which the room's
 * {@link LogIndex} finds. A crash leaves a prefix of a room's rows, so the next seq is the newest row's plus one.
 */
final class RoomLog {
    /** How many rooms keep their latest seq in memory, per task. */
    static final int CACHED_ROOMS = 100_000;
    static final LogIndex.Rows<RoomEntry> ROWS =
            LogIndex.Rows.of(RoomEntry::getRoom, RoomEntry::getSeq, RoomEntry::getId);

    private final KeyValueStore<String, RoomEntry> store;
    private final LogIndex<RoomEntry> index;

    RoomLog(KeyValueStore<String, RoomEntry> store, KeyValueStore<String, Long> ids) {
        this.store = store;
        this.index = new LogIndex<>(store, ids, CACHED_ROOMS, ROWS);
    }

    /** The row the room's log holds with this id, or null. */
    RoomEntry find(String room, String id) {
        long latest = index.latest(room); // first: it catches the id index up
        long known = index.seqOf(room, id);
        if (known > 0 && known <= latest) {
            RoomEntry entry = store.get(InboxKeys.entry(room, known));
            if (entry != null && id.equals(entry.getId())) {
                return entry;
            }
        } // else unknown, or a stale index row from before a crash
        return null;
    }

    /** The row with the draft's id if the log holds one, else the draft stored as the room's next row. */
    RoomEntry appendOnce(RoomEntry draft) {
        RoomEntry known = find(draft.getRoom(), draft.getId());
        return known != null ? known : append(draft);
    }

    /** Stores the draft, whose id {@link #find} does not know, as the room's next row. */
    RoomEntry append(RoomEntry draft) {
        draft.setSeq(index.latest(draft.getRoom()) + 1);
        store.put(InboxKeys.entry(draft.getRoom(), draft.getSeq()), draft);
        index.added(draft);
        return draft;
    }

    /** The room's latest seq; 0 for a room whose log has no frame yet. */
    long latest(String room) {
        return index.latest(room);
    }

    /** The room's rows with a seq in (after, upTo], oldest first, while {@code action} asks for more. */
    void forEachBetween(String room, long after, long upTo, Predicate<RoomEntry> action) {
        LogIndex.forEachBetween(store, room, after, upTo, action);
    }

    static RoomEntry message(RoomSend send) {
        return new RoomEntry(send.getRoom(), 0L, RoomEntryKind.MESSAGE, send.getId(), send.getFrom(), send.getRef(),
                send.getText(), null, null, null, send.getAt());
    }

    /** A member row; {@code id} names the event and user it comes from, so an event applied again finds it. */
    static RoomEntry member(String room, String id, String user, String change, String by, Instant at) {
        return new RoomEntry(room, 0L, RoomEntryKind.MEMBER, id, null, null, null, user, change, by, at);
    }

    static RoomEntry closed(String room, String id, String by, Instant at) {
        return new RoomEntry(room, 0L, RoomEntryKind.CLOSED, id, null, null, null, null, null, by, at);
    }
}
