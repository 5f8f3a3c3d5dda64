package io.chatengine.presence.topology;

import io.chatengine.common.InboxKeys;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * How far each member has read each room (the room-reads store, {@code InboxKeys.pair(room, member)} to a room
 * seq; its changelog is read by query-api). Monotonic: a read at or below the one held changes nothing, so reads
 * arriving out of order from several devices, or processed again, leave the highest.
 */
final class RoomReads {
    private final KeyValueStore<String, Long> store;

    RoomReads(KeyValueStore<String, Long> store) {
        this.store = store;
    }

    /** Moves the member's read to {@code seq} if that is higher (a member never read has read 0); whether it moved. */
    boolean advance(String room, String member, long seq) {
        String key = InboxKeys.pair(room, member);
        Long held = store.get(key);
        if (seq <= (held == null ? 0 : held)) {
            return false;
        }
        store.put(key, seq);
        return true;
    }
}
