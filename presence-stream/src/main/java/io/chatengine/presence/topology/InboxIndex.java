package io.chatengine.presence.topology;

import io.chatengine.common.InboxKeys;
import io.chatengine.schemas.avro.InboxEntry;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Finds an inbox's latest seq and the seq of a message id without a Kafka record of its own: a local store of
 * {@code owner NUL i id} -> seq, not logged, beside the inbox, with {@code owner NUL w} the highest seq it covers.
 * It is a cache of the inbox store, which is the truth: after a loss of local state or a crash it is caught up
 * from the inbox's rows past its watermark, and a seq it gives is checked against the entry's own id (one that
 * is missing or names another message is stale). The latest seq of the inboxes used lately is kept in memory.
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
        long seq = newestInStore(owner);
        Long watermark = ids.get(watermarkKey(owner));
        if (watermark == null || watermark < seq) {
            catchUp(owner, watermark == null ? 0 : watermark, seq);
        }
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
        ids.put(watermarkKey(entry.getOwner()), entry.getSeq());
        latest.put(entry.getOwner(), entry.getSeq());
    }

    void expired(InboxEntry entry) {
        ids.delete(idKey(entry.getOwner(), entry.getId()));
    }

    private void catchUp(String owner, long after, long upTo) {
        try (KeyValueIterator<String, InboxEntry> rows =
                     inbox.range(InboxKeys.entry(owner, after + 1), InboxKeys.entry(owner, upTo))) {
            rows.forEachRemaining(row -> ids.put(idKey(owner, row.value.getId()), row.value.getSeq()));
        }
        ids.put(watermarkKey(owner), upTo);
    }

    private long newestInStore(String owner) {
        try (KeyValueIterator<String, InboxEntry> newest =
                     inbox.reverseRange(InboxKeys.entry(owner, 0), InboxKeys.afterEntries(owner))) {
            if (newest.hasNext()) {
                return newest.next().value.getSeq();
            }
        }
        InboxEntry legacyLatest = inbox.get(InboxKeys.prefix(owner) + 'l'); // the latest row of the v1 layout
        return legacyLatest == null ? 0 : legacyLatest.getSeq();
    }

    private static String idKey(String owner, String id) {
        return InboxKeys.prefix(owner) + 'i' + id;
    }

    private static String watermarkKey(String owner) {
        return InboxKeys.prefix(owner) + 'w';
    }
}
