package io.chatengine.presence.topology;

import io.chatengine.common.InboxKeys;
import io.chatengine.schemas.avro.InboxEntry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.processor.Punctuator;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Deletes inbox entries older than the retention, inbox by inbox, oldest first. An inbox's newest entry is
 * kept as a marker without its text when it expires, so the inbox's seqs go on from it.
 */
final class InboxRetention implements Punctuator {
    private final KeyValueStore<String, InboxEntry> store;
    private final InboxIndex index;
    private final long retentionMs;

    InboxRetention(KeyValueStore<String, InboxEntry> store, InboxIndex index, long retentionMs) {
        this.store = store;
        this.index = index;
        this.retentionMs = retentionMs;
    }

    @Override
    public void punctuate(long now) {
        Instant cutoff = Instant.ofEpochMilli(now - retentionMs);
        String owner = firstOwnerFrom(null);
        while (owner != null) {
            expire(owner, cutoff);
            owner = firstOwnerFrom(InboxKeys.afterOwner(owner));
        }
    }

    private void expire(String owner, Instant cutoff) {
        List<InboxEntry> expired = new ArrayList<>();
        InboxEntry newestExpired = null;
        boolean newerExists = false;
        try (KeyValueIterator<String, InboxEntry> rows =
                     store.range(InboxKeys.entry(owner, 0), InboxKeys.afterEntries(owner))) {
            while (rows.hasNext()) {
                var row = rows.next();
                if (!row.value.getAt().isBefore(cutoff)) {
                    newerExists = true;
                    break;
                }
                if (newestExpired != null) {
                    expired.add(newestExpired);
                }
                newestExpired = row.value;
            }
        }
        if (newestExpired == null) {
            return;
        }
        boolean markNewest = !newerExists && !Inbox.isMarker(newestExpired);
        if (newerExists) {
            expired.add(newestExpired);
        } else if (markNewest) {
            InboxEntry marker = InboxEntry.newBuilder(newestExpired).setText("").build();
            store.put(InboxKeys.entry(owner, marker.getSeq()), marker);
        }
        for (InboxEntry entry : expired) {
            store.delete(InboxKeys.entry(owner, entry.getSeq()));
            index.expired(entry);
        }
    }

    /** The owner of the first inbox row at or after {@code from} (null: the start); null when there is none. */
    private String firstOwnerFrom(String from) {
        try (KeyValueIterator<String, InboxEntry> rows = store.range(from, null)) {
            return rows.hasNext() ? InboxKeys.ownerOf(rows.next().key) : null;
        }
    }
}
