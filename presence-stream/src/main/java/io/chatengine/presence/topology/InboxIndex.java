package io.chatengine.presence.topology;

import io.chatengine.common.InboxKeys;
import io.chatengine.schemas.avro.InboxEntry;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Finds an inbox's latest seq and the seq of a message id without a Kafka record of its own: a local store of
 * {@code owner NUL i id} -> seq, not logged, beside the inbox. It is a cache of the inbox store, which is the
 * truth. Its writes reach disk in order (RocksDB without a write-ahead log keeps a prefix of them), so after a
 * loss of local state or a crash it is caught up from the inbox's newest rows back to the first one it knows;
 * a seq it gives is checked against the entry's own id (one that is missing or names another message is
 * stale). The latest seq of the inboxes used lately is kept in memory.
 */
final class InboxIndex {
    private final KeyValueStore<String, InboxEntry> inbox;
    private final KeyValueStore<String, Long> ids;
    private final Map<String, Long> latest;

    InboxIndex(KeyValueStore<String, InboxEntry> inbox, KeyValueStore<String, Long> ids, int cachedInboxes) {
        this.inbox = inbox;
        this.ids = ids;
        this.latest = new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
                return size() > cachedInboxes;
            }
        };
    }

    /** The owner's latest seq (0 for an inbox that never had an entry), with the id index caught up to it. */
    long latest(String owner) {
        Long cached = latest.get(owner);
        if (cached != null) {
            return cached;
        }
        long seq = catchUp(owner);
        latest.put(owner, seq);
        return seq;
    }

    /** The seq this index gives the id, or -1; the caller checks it against the entry. */
    long seqOf(String owner, String id) {
        Long seq = ids.get(idKey(owner, id));
        return seq == null ? -1 : seq;
    }

    void added(InboxEntry entry) {
        ids.put(idKey(entry.getOwner(), entry.getId()), entry.getSeq());
        latest.put(entry.getOwner(), entry.getSeq());
    }

    void expired(InboxEntry entry) {
        ids.delete(idKey(entry.getOwner(), entry.getId()));
    }

    /** Indexes the owner's entries from the newest back to the first one indexed already; the latest seq. */
    private long catchUp(String owner) {
        long newest = 0;
        try (KeyValueIterator<String, InboxEntry> rows =
                     inbox.reverseRange(InboxKeys.entry(owner, 0), InboxKeys.afterEntries(owner))) {
            while (rows.hasNext()) {
                InboxEntry entry = rows.next().value;
                newest = Math.max(newest, entry.getSeq());
                String key = idKey(owner, entry.getId());
                if (Long.valueOf(entry.getSeq()).equals(ids.get(key))) {
                    break;
                }
                ids.put(key, entry.getSeq());
            }
        }
        if (newest > 0) {
            return newest;
        }
        InboxEntry legacyLatest = inbox.get(InboxKeys.prefix(owner) + 'l'); // the latest row of the v1 layout
        return legacyLatest == null ? 0 : legacyLatest.getSeq();
    }

    private static String idKey(String owner, String id) {
        return InboxKeys.prefix(owner) + 'i' + id;
    }
}
