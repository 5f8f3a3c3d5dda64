package io.chatengine.presence.topology;

import io.chatengine.common.InboxKeys;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * How far each reader has read each conversation, in a store whose changelog query-api reads: room-reads holds
 * {@code InboxKeys.pair(room, member)} to a room seq, reads {@code InboxKeys.pair(reader, peer)} to the reader's
 * own inbox seq. Monotonic: a read at or below the one held changes nothing, so reads arriving out of order from
 * several devices, or processed again, leave the highest.
 */
final class ReadPositions {
    private final KeyValueStore<String, Long> store;

    ReadPositions(KeyValueStore<String, Long> store) {
        this.store = store;
    }

    /** Moves the read at {@code owner NUL other} to {@code seq} if that is higher (none held is 0); whether it moved. */
    boolean advance(String owner, String other, long seq) {
        String key = InboxKeys.pair(owner, other);
        Long held = store.get(key);
        if (seq <= (held == null ? 0 : held)) {
            return false;
        }
        store.put(key, seq);
        return true;
    }
}
