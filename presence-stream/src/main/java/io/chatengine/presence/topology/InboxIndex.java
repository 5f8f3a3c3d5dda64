package io.chatengine.presence.topology;

import io.chatengine.common.InboxKeys;
import io.chatengine.schemas.avro.InboxEntry;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The {@link LogIndex} of the inboxes ({@code inbox-ids}): message id to seq per inbox, local and not logged.
 *
 * <p>Upgrade shim, goes after 0.1.0: an inbox of the store's earlier layout (written only by development builds
 * of 2026-11-25, commits cb2b6c7 to 1803ad9, never by a release) whose entries all expired kept its latest seq in
 * a row of its own ({@code owner NUL 'l'}). The inbox changelog is compacted, so such a row stays until deleted;
 * read here, the inbox goes on from that seq instead of starting again at 1 under clients that hold a higher one.
 * It stays through 0.1.0, the first release, so that an engine run from those builds upgrades in place; one that
 * still holds such rows after that deletes them (and the {@code owner NUL 'i' id} rows beside them) first.
 */
final class InboxIndex extends LogIndex<InboxEntry> {
    private static final Rows<InboxEntry> ROWS = Rows.of(InboxEntry::getOwner, InboxEntry::getSeq, InboxEntry::getId);

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
