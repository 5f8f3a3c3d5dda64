package io.chatengine.presence.topology;

import io.chatengine.common.InboxKeys;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * How far each user has read each direct conversation, in the reader's own inbox seqs: one row per (reader,
 * peer), which only ever rises.
 */
final class DirectReads {
    private final KeyValueStore<String, Long> store;

    DirectReads(KeyValueStore<String, Long> store) {
        this.store = store;
    }

    /** Moves the reader's position with the peer to {@code seq}; false if it was there or beyond already. */
    boolean advance(String reader, String peer, long seq) {
        String key = InboxKeys.pair(reader, peer);
        Long read = store.get(key);
        if (read != null && read >= seq) {
            return false;
        }
        store.put(key, seq);
        return true;
    }
}
