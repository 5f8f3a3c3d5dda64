package io.chatengine.query.view;

import static io.chatengine.query.view.Stores.added;
import static io.chatengine.query.view.Stores.said;
import static io.chatengine.query.view.Stores.state;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.chatengine.query.topology.QueryTopology;
import io.chatengine.schemas.avro.RoomEntry;
import io.chatengine.schemas.avro.RoomState;
import java.util.List;
import java.util.OptionalLong;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RoomViewTest {
    private Stores stores;
    private KeyValueStore<String, RoomEntry> log;
    private KeyValueStore<String, Long> reads;

    @BeforeEach
    void start() {
        stores = new Stores();
        log = stores.store(QueryTopology.ROOM_LOG_STORE);
        reads = stores.store(QueryTopology.ROOM_READS_STORE);
    }

    @AfterEach
    void stop() {
        stores.close();
    }

    @Test
    void aMemberOfASharedRoomReadsAllAJoinedMemberFromItsOwnAddedFrame() {
        RoomState shared = state("team-a", "shared", 3, "alice", "bob:0", "dave:3");
        RoomState joined = state("team-b", "joined", 3, "alice", "bob:0", "dave:3");
        assertEquals(OptionalLong.of(0), RoomView.floor(shared, "dave", false));
        assertEquals(OptionalLong.of(3), RoomView.floor(joined, "dave", false));
        assertEquals(OptionalLong.of(0), RoomView.floor(joined, "bob", false), "a first member joined at 0");
    }

    @Test
    void anAdminReadsEveryRoomAndAnOutsiderOrFormerMemberNone() {
        RoomState room = state("team-a", "joined", 3, "alice", "bob:0");
        assertEquals(OptionalLong.of(0), RoomView.floor(room, "ops", true));
        assertEquals(OptionalLong.empty(), RoomView.floor(room, "carol", false), "never a member");
        assertEquals(OptionalLong.empty(), RoomView.floor(room, "dave", false), "removed: no longer listed");
        assertEquals(OptionalLong.empty(), RoomView.floor(null, "alice", true), "no such room, even for an admin");
    }

    @Test
    void historyIsNewestFirstPagedByBeforeAndStopsAtTheFloor() {
        stores.log(said("team-a", 1, "alice"));
        stores.log(said("team-a", 2, "bob"));
        stores.log(added("team-a", 3, "dave", "alice"));
        stores.log(said("team-a", 4, "dave"));
        stores.log(said("team-a", 5, "alice"));
        stores.log(said("team-ab", 6, "alice")); // another room whose id starts with this one's
        assertEquals(List.of(5L, 4L, 3L, 2L, 1L), seqs(RoomView.history(log, "team-a", 0, Long.MAX_VALUE, 50)));
        assertEquals(List.of(3L, 2L), seqs(RoomView.history(log, "team-a", 0, 4, 2)));
        assertEquals(List.of(5L, 4L, 3L), seqs(RoomView.history(log, "team-a", 3, Long.MAX_VALUE, 50)),
                "joined at 3: its own added frame and what followed");
        assertEquals(List.of(), RoomView.history(log, "team-a", 3, 3, 50), "nothing before the floor");
    }

    @Test
    void theLatestSeqIsTheNewestLogRowOrTheStatesSeqWhenNewer() {
        RoomState room = state("team-a", "shared", 2, "alice");
        assertEquals(2, RoomView.latestSeq(log, room), "no rows yet");
        stores.log(said("team-a", 7, "alice"));
        assertEquals(7, RoomView.latestSeq(log, room));
        assertEquals(9, RoomView.latestSeq(log, state("team-a", "shared", 9, "alice")));
    }

    @Test
    void aSummaryCountsOthersMessagesAfterTheReadAndTheNewestFrameIsLast() {
        RoomState room = state("team-a", "shared", 0, "alice", "bob:0");
        for (long seq = 1; seq <= 6; seq++) {
            stores.log(said("team-a", seq, seq == 2 ? "alice" : "bob"));
        }
        stores.roomRead("team-a", "alice", 3);
        Conversation.InRoom summary = RoomView.summary(log, reads, room, "alice");
        assertEquals(6, summary.seq());
        assertEquals(3, summary.read());
        assertEquals(3, summary.unread(), "bob's 4, 5 and 6");
        assertEquals(Stores.T0.plusSeconds(6).toEpochMilli(), summary.activity());
        assertEquals("{\"type\":\"message\",\"room\":\"team-a\",\"id\":\"team-a-m6\",\"seq\":6,\"from\":\"bob\","
                + "\"text\":\"text 6\",\"at\":\"2026-11-23T10:00:06.000Z\"}", summary.last());
        assertEquals("Room team-a", summary.title());
    }

    @Test
    void sendingMovesOnesOwnRead() {
        RoomState room = state("team-a", "shared", 0, "alice", "bob:0");
        stores.log(said("team-a", 1, "bob"));
        stores.log(said("team-a", 2, "bob"));
        stores.log(said("team-a", 3, "alice"));
        stores.log(said("team-a", 4, "bob"));
        stores.roomRead("team-a", "alice", 1);
        Conversation.InRoom summary = RoomView.summary(log, reads, room, "alice");
        assertEquals(3, summary.read(), "her message at 3 is read, and all before it");
        assertEquals(1, summary.unread());
    }

    @Test
    void whatCameBeforeAMemberJoinedIsNeverUnreadAndAReadAboveTheLatestCountsAsTheLatest() {
        RoomState room = state("team-a", "shared", 3, "alice", "dave:3");
        stores.log(said("team-a", 1, "alice"));
        stores.log(said("team-a", 2, "alice"));
        stores.log(added("team-a", 3, "dave", "alice"));
        stores.log(said("team-a", 4, "alice"));
        assertEquals(1, RoomView.summary(log, reads, room, "dave").unread());
        stores.roomRead("team-a", "dave", 99);
        Conversation.InRoom summary = RoomView.summary(log, reads, room, "dave");
        assertEquals(4, summary.read());
        assertEquals(0, summary.unread());
        assertNull(RoomView.summary(log, reads, room, "carol"), "not a member: not in the list");
    }

    @Test
    void aRoomWithoutFramesIsOrderedByItsCreation() {
        RoomState room = state("team-a", "shared", 0, "alice");
        Conversation.InRoom summary = RoomView.summary(log, reads, room, "alice");
        assertNull(summary.last());
        assertEquals(Stores.T0.toEpochMilli(), summary.activity());
        assertEquals(0, summary.seq());
    }

    private static List<Long> seqs(List<RoomEntry> entries) {
        return entries.stream().map(RoomEntry::getSeq).toList();
    }
}
