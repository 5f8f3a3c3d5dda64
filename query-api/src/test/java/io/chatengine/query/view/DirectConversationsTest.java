package io.chatengine.query.view;

import static io.chatengine.query.view.Stores.message;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.chatengine.query.topology.QueryTopology;
import io.chatengine.schemas.avro.InboxEntry;
import java.util.List;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DirectConversationsTest {
    private Stores stores;
    private KeyValueStore<String, InboxEntry> history;
    private KeyValueStore<String, Long> reads;

    @BeforeEach
    void start() {
        stores = new Stores();
        history = stores.store(QueryTopology.HISTORY_STORE);
        reads = stores.store(QueryTopology.READS_STORE);
    }

    @AfterEach
    void stop() {
        stores.close();
    }

    @Test
    void conversationsComeLatestFirstEachWithItsLatestMessage() {
        stores.inbox(message("alice", 1, "a", "bob", "alice"));
        stores.inbox(message("alice", 2, "b", "carol", "alice"));
        stores.inbox(message("alice", 3, "c", "alice", "bob"));
        stores.inbox(message("bob", 4, "x", "carol", "bob")); // someone else's inbox
        List<Conversation.Direct> found = DirectConversations.scan(history, reads, "alice").conversations();
        assertEquals(List.of("bob", "carol"), found.stream().map(Conversation.Direct::with).toList());
        assertEquals(3, found.get(0).last().getSeq());
        assertEquals(2, found.get(1).last().getSeq());
    }

    @Test
    void unreadCountsThePeersMessagesAfterTheStoredRead() {
        for (long seq = 1; seq <= 5; seq++) {
            stores.inbox(message("alice", seq, "m" + seq, "bob", "alice"));
        }
        stores.read("alice", "bob", 2);
        Conversation.Direct bob = DirectConversations.scan(history, reads, "alice").conversations().get(0);
        assertEquals(2, bob.read());
        assertEquals(3, bob.unread());
    }

    @Test
    void sendingMovesOnesOwnReadAndNothingIsUnreadWithoutAStoredRead() {
        stores.inbox(message("alice", 1, "m1", "bob", "alice"));
        stores.inbox(message("alice", 2, "m2", "alice", "bob"));
        stores.inbox(message("alice", 3, "m3", "bob", "alice"));
        stores.inbox(message("alice", 4, "m4", "carol", "alice"));
        Conversation.Direct bob = DirectConversations.scan(history, reads, "alice").conversations().get(1);
        assertEquals("bob", bob.with());
        assertEquals(2, bob.read(), "her reply at 2");
        assertEquals(1, bob.unread(), "bob's 3 only; carol's 4 is another conversation");
        Conversation.Direct carol = DirectConversations.scan(history, reads, "alice").conversations().get(0);
        assertEquals(0, carol.read());
        assertEquals(1, carol.unread());
    }

    @Test
    void roomEntriesAndExpiredMarkersAreNoConversation() {
        stores.inbox(message("alice", 1, "m1", "bob", "alice"));
        stores.inbox(Stores.roomEntry("alice", 2, "team-a", "carol"));
        InboxEntry marker = message("alice", 3, "m3", "dave", "alice");
        marker.setText("");
        stores.inbox(marker);
        List<Conversation.Direct> found = DirectConversations.scan(history, reads, "alice").conversations();
        assertEquals(List.of("bob"), found.stream().map(Conversation.Direct::with).toList());
    }

    @Test
    void theirReadIsTheOwnersSeqOfTheLatestMessageThePeerRead() {
        // alice's inbox: her seqs; bob's inbox holds the same messages (same ids) under his seqs
        stores.inbox(message("alice", 1, "hi", "alice", "bob"));
        stores.inbox(message("alice", 2, "other", "carol", "alice"));
        stores.inbox(message("alice", 3, "yo", "bob", "alice"));
        stores.inbox(message("alice", 4, "more", "alice", "bob"));
        stores.inbox(message("bob", 7, "hi", "alice", "bob"));
        stores.inbox(message("bob", 8, "yo", "bob", "alice"));
        stores.inbox(message("bob", 9, "dan", "dan", "bob"));
        stores.inbox(message("bob", 10, "more", "alice", "bob"));
        DirectConversations.Scan scan = DirectConversations.scan(history, reads, "alice");
        assertNull(DirectConversations.readBy(history, reads, "bob", "alice"), "bob has read nothing");
        assertEquals(0, scan.theirRead(null));
        stores.read("bob", "alice", 9); // his seq 9 is dan's: the latest with alice at or below it is 8
        String id = DirectConversations.readBy(history, reads, "bob", "alice");
        assertEquals("yo", id);
        assertEquals(3, scan.theirRead(id), "alice's seq of the message bob read");
        stores.read("bob", "alice", 10);
        assertEquals(4, scan.theirRead(DirectConversations.readBy(history, reads, "bob", "alice")));
    }
}
