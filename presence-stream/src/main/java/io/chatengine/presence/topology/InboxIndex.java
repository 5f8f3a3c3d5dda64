package io.chatengine.presence.topology;

import io.chatengine.common.InboxKeys;
import io.chatengine.schemas.avro.InboxEntry;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The {@link LogIndex} of the inboxes ({@code inbox-ids}): message id to seq per inbox, local and not logged. An
 * inbox of the earlier layout, whose entries all expired, kept its latest seq in a row of its own.
 */
final class InboxIndex extends LogIndex<InboxEntry> {
    private static final Rows<InboxEntry> ROWS = new Rows<>() {
        @Override
        public String owner(InboxEntry row) {
            return row.getOwner();
        }

        @Override
        public long seq(InboxEntry row) {
            return row.getSeq();
        }

        @Override
        public String id(InboxEntry row) {
            return row.getId();
        }
    };

    private final KeyValueStore<String, InboxEntry> inbox;

    InboxIndex(KeyValueStore<String, InboxEntry> inbox, KeyValueStore<String, Long> ids, int cachedInboxes) {
        super(inbox, ids, cachedInboxes, ROWS);
        this.inbox = inbox;
    }

    @Override
    long latestWithoutEntries(String owner) {
        InboxEntry legacyLatest = inbox.get(InboxKeys.prefix(owner) + 'l'); // the latest row of the v1 layout
        return legacyLatest == null ? 0 : legacyLatest.getSeq();
    }
}
