package io.chatengine.query.view;

import io.chatengine.common.InboxKeys;
import io.chatengine.query.topology.QueryTopology;
import io.chatengine.schemas.avro.InboxEntry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * A user's direct conversations, as pure functions over the user's inbox and read positions. There is no store
 * of conversations: they are found by reading the owner's inbox newest first, which holds every message the
 * owner sent or received under the owner's own seqs.
 */
public final class DirectConversations {
    /**
     * How many of an inbox's newest rows are read to find its conversations, count what is unread and translate a
     * peer's read: a conversation whose latest message is older than the owner's newest 5,000 entries is not
     * listed, and a peer's read older than them is not known ({@code theirRead} 0). It bounds one request's work
     * whatever the inbox holds.
     */
    public static final int INBOX_SCAN = 5_000;

    private DirectConversations() {
    }

    /**
     * The conversations found, latest first (their {@code theirRead} still 0), and the owner's seq of each
     * message id read, to translate the peers' reads with {@link #theirRead}.
     */
    public record Scan(List<Conversation.Direct> conversations, Map<String, Long> seqOfId) {
        /** The owner's seq of the message a peer read ({@link #readBy}'s id); 0 when unknown or nothing read. */
        public long theirRead(String id) {
            Long seq = id == null ? null : seqOfId.get(id);
            return seq == null ? 0 : seq;
        }
    }

    /**
     * The owner's conversations within the newest {@link #INBOX_SCAN} inbox rows. Newest first, a peer's first
     * message is the conversation's {@code last}; then, per peer, the peer's messages count as unread until the
     * stored read position or the owner's own latest message to that peer, whichever is later (sending moves
     * one's own read), which is then the conversation's {@code read}.
     */
    public static Scan scan(ReadOnlyKeyValueStore<String, InboxEntry> history,
                            ReadOnlyKeyValueStore<String, Long> reads, String owner) {
        Map<String, Counting> byPeer = new LinkedHashMap<>();
        Map<String, Long> seqOfId = new HashMap<>();
        try (KeyValueIterator<String, InboxEntry> rows = newestFirst(history, owner, Long.MAX_VALUE)) {
            for (int scanned = 0; rows.hasNext() && scanned < INBOX_SCAN; scanned++) {
                KeyValue<String, InboxEntry> row = rows.next();
                InboxEntry entry = row.value;
                if (!QueryTopology.isMessage(row.key, entry)) {
                    continue;
                }
                seqOfId.putIfAbsent(entry.getId(), entry.getSeq());
                String peer = QueryTopology.peerOf(entry);
                byPeer.computeIfAbsent(peer, p -> new Counting(entry, storedRead(reads, owner, p))).count(owner, entry);
            }
        }
        List<Conversation.Direct> conversations = new ArrayList<>(byPeer.size());
        byPeer.forEach((peer, counting) -> conversations.add(
                new Conversation.Direct(peer, counting.last, counting.unread, counting.read, 0)));
        return new Scan(conversations, seqOfId);
    }

    /**
     * The id of the latest message of {@code reader}'s conversation with {@code peer} that the reader has read
     * (its stored read position is a seq of its own inbox, maybe of another conversation: the latest message with
     * the peer at or below it counts), looked for among the {@link #INBOX_SCAN} rows below that position; null
     * when the reader has read nothing of it. The peer's inbox holds the same id under the peer's own seq.
     */
    public static String readBy(ReadOnlyKeyValueStore<String, InboxEntry> history,
                                ReadOnlyKeyValueStore<String, Long> reads, String reader, String peer) {
        Long read = reads.get(InboxKeys.pair(reader, peer));
        if (read == null || read < 1) {
            return null;
        }
        try (KeyValueIterator<String, InboxEntry> rows = newestFirst(history, reader, read)) {
            for (int scanned = 0; rows.hasNext() && scanned < INBOX_SCAN; scanned++) {
                KeyValue<String, InboxEntry> row = rows.next();
                InboxEntry entry = row.value;
                if (InboxKeys.isEntry(row.key) && entry.getRoom() == null && QueryTopology.peerOf(entry).equals(peer)) {
                    return entry.getId();
                }
            }
        }
        return null;
    }

    private static long storedRead(ReadOnlyKeyValueStore<String, Long> reads, String owner, String peer) {
        Long read = reads.get(InboxKeys.pair(owner, peer));
        return read == null ? 0 : read;
    }

    private static KeyValueIterator<String, InboxEntry> newestFirst(ReadOnlyKeyValueStore<String, InboxEntry> history,
                                                                    String owner, long atMost) {
        String to = atMost == Long.MAX_VALUE ? InboxKeys.afterEntries(owner) : InboxKeys.entry(owner, atMost);
        return history.reverseRange(InboxKeys.entry(owner, 0), to);
    }

    /** One peer's conversation while the inbox is read newest first. */
    private static final class Counting {
        private final InboxEntry last;
        private long read;
        private long unread;
        private boolean settled;

        Counting(InboxEntry last, long storedRead) {
            this.last = last;
            this.read = storedRead;
        }

        void count(String owner, InboxEntry entry) {
            if (settled) {
                return;
            }
            if (entry.getFrom().equals(owner)) {
                read = Math.max(read, entry.getSeq());
                settled = true;
            } else if (entry.getSeq() <= read) {
                settled = true;
            } else {
                unread++;
            }
        }
    }
}
