package io.chatengine.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ChaosRoomsTest {
    private static final String PREFIX = "run-r";
    /** Two rooms: r0 of a, b, c; r1 of b, c, d. */
    private static final RoomPlan PLAN = new RoomPlan(List.of("a", "b", "c", "d"), List.of(
            new RoomPlan.Room(0, List.of("a", "b", "c")), new RoomPlan.Room(1, List.of("b", "c", "d"))));
    private static final int A = 0;
    private static final int B = 1;
    private static final int C = 2;
    private static final int D = 3;

    private Faults.Clock clock;
    private ChaosRooms rooms;

    @BeforeEach
    void everyMemberSubscribedAtSeq0() {
        clock = new Faults.Clock(List.of(new Faults.Fault("gw-1", "KILL", Duration.ofSeconds(5))));
        rooms = new ChaosRooms(PLAN, List.of("room-0", "room-1"), PREFIX, 100, clock);
        for (int user = A; user <= D; user++) {
            rooms.subscribeFrames(user);
            for (int k = 0; k < rooms.roomCount(user); k++) {
                assertTrue(rooms.subscribed(user, rooms.roomOf(user, k), 0));
            }
        }
        assertEquals(6, rooms.startedPairs());
    }

    /** Message {@code n} from {@code from} to room 0, sent at {@code at}, in the current window. */
    private void send(int n, int from, long at) {
        rooms.create(n, from, 0, clock.window());
        rooms.transmit(n, at);
    }

    private ChaosRooms.Got deliver(int user, int n, long seq) {
        return rooms.frame(user, 0, seq, PREFIX + n);
    }

    private long sum(java.util.function.ToLongFunction<Faults.Stats> figure) {
        return clock.all().stream().mapToLong(figure).sum();
    }

    @Test
    void aSubscribeAsksNullFirstThenFromTheSeqHeld() {
        ChaosRooms fresh = new ChaosRooms(PLAN, List.of("room-0", "room-1"), PREFIX, 10, clock);
        assertEquals(List.of("{\"type\":\"subscribe\",\"rooms\":{\"room-0\":null,\"room-1\":null}}"),
                fresh.subscribeFrames(B));
        fresh.subscribed(B, 0, 7);
        assertEquals(List.of("{\"type\":\"subscribe\",\"rooms\":{\"room-0\":7,\"room-1\":null}}"),
                fresh.subscribeFrames(B));
        assertEquals(List.of("{\"type\":\"subscribe\",\"rooms\":{\"room-0\":null}}"), fresh.subscribeFrames(A));
    }

    @Test
    void aUserInMoreRoomsThanOneFrameMayNameGetsSeveralFrames() {
        RoomPlan many = RoomPlan.deal(List.of("solo"), 1_001, 1, RoomPlan.SEED);
        List<String> names = java.util.stream.IntStream.range(0, 1_001).mapToObj(i -> "r" + i).toList();
        ChaosRooms lots = new ChaosRooms(many, names, PREFIX, 10, clock);
        List<String> frames = lots.subscribeFrames(0);
        assertEquals(2, frames.size());
        assertTrue(frames.get(1).equals("{\"type\":\"subscribe\",\"rooms\":{\"r1000\":null}}"), frames.get(1));
    }

    @Test
    void theSendFrameCarriesTheRefAsItsTextAndIsTheSameWhenResent() {
        rooms.create(0, A, 0, -1);
        String first = rooms.transmit(0, 1);
        assertEquals("{\"type\":\"send\",\"room\":\"room-0\",\"text\":\"run-r0\",\"ref\":\"run-r0\"}", first);
        assertEquals(first, rooms.transmit(0, 2));
        assertEquals(0, rooms.number("run-r0"));
        assertEquals(-1, rooms.number("run-r1"), "not created");
        assertEquals(-1, rooms.number("run-7"));
        assertEquals(-1, rooms.number("run-rx"));
        assertEquals(-1, rooms.number(null));
    }

    @Test
    void aMessageEveryMemberGotIsSettledAndNotLost() {
        send(0, A, 100);
        assertTrue(rooms.accepted(0, 1));
        assertFalse(rooms.accepted(0, 1), "answered once");
        assertFalse(rooms.settled(Long.MAX_VALUE));
        deliver(A, 0, 1);
        deliver(B, 0, 1);
        assertFalse(rooms.drained());
        deliver(C, 0, 1);
        assertTrue(rooms.settled(Long.MAX_VALUE));
        assertTrue(rooms.drained());
        assertEquals(0, rooms.countLost());
        assertEquals(new ChaosRooms.Totals(1, 1, 3, 0, 0), rooms.totals());
    }

    @Test
    void aMemberThatNeverGotAnAcceptedMessageCountsLostInTheWindowItWasSentIn() {
        send(0, A, 100);
        rooms.accepted(0, 1);
        clock.begin(0);
        deliver(A, 0, 1);
        deliver(B, 0, 1);
        assertFalse(rooms.drained());
        assertEquals(1, rooms.countLost());
        assertEquals(1, clock.stats(-1).roomLost);
        assertEquals(0, clock.stats(0).roomLost);
        assertEquals(1, rooms.lostSample(5).size());
        assertTrue(rooms.lostSample(5).get(0).contains("not got by c"), rooms.lostSample(5).get(0));
    }

    @Test
    void aMessageNeverAnsweredIsNotOwedButKeepsTheRunUndrained() {
        send(0, A, 100);
        assertEquals(0, rooms.countLost());
        assertFalse(rooms.drained());
        assertEquals(1, rooms.totals().unsent());
    }

    @Test
    void aMessageRefusedForGoodIsOwedToNoOne() {
        send(0, A, 100);
        rooms.refused(0);
        assertTrue(rooms.drained());
        assertTrue(rooms.settled(Long.MAX_VALUE));
        assertEquals(Long.MAX_VALUE, rooms.owedSince(B));
    }

    @Test
    void aMemberWhoseFirstSubscriptionCameAfterAMessageIsNotOwedIt() {
        ChaosRooms late = new ChaosRooms(PLAN, List.of("room-0", "room-1"), PREFIX, 10, clock);
        late.subscribed(A, 0, 0);
        late.subscribed(B, 0, 0);
        late.subscribed(C, 0, 1); // came after seq 1
        late.create(0, A, 0, -1);
        late.transmit(0, 1);
        late.accepted(0, 1);
        late.frame(A, 0, 1, PREFIX + 0);
        late.frame(B, 0, 1, PREFIX + 0);
        assertTrue(late.drained());
        assertEquals(0, late.countLost());
    }

    @Test
    void aMessageAtTwoSeqsIsDuplicatedInItsWindow() {
        send(0, A, 100);
        deliver(A, 0, 1); // its first delivery says seq 1
        clock.begin(0);
        rooms.accepted(0, 2); // its answer another
        assertEquals(1, clock.stats(-1).roomDuplicated);
        assertEquals(0, clock.stats(0).roomDuplicated);
    }

    @Test
    void aRepeatAndAGapCountInTheWindowTheyCameIn() {
        send(0, A, 100);
        send(1, A, 100);
        send(2, A, 100);
        deliver(B, 0, 1);
        clock.begin(0);
        deliver(B, 2, 3); // 2 skipped
        deliver(B, 2, 3); // again on the same socket
        assertEquals(1, clock.stats(0).roomGaps);
        assertEquals(1, clock.stats(0).roomDuplicated);
        assertEquals(0, clock.stats(-1).roomGaps + clock.stats(-1).roomDuplicated);
    }

    @Test
    void aFrameForARoomTheUserIsNotInIsNoneOfTheAccountsBusiness() {
        assertNull(rooms.frame(A, 1, 1, PREFIX + 0));
        assertNull(rooms.hold(A, 1));
        assertEquals(-1, rooms.room("elsewhere"));
        assertEquals(1, rooms.room("room-1"));
    }

    @Test
    void theMemberWaitsSinceTheOldestMessageItIsOwedWasFirstSent() {
        send(0, A, 100);
        send(1, A, 200);
        rooms.create(2, B, 1, -1);
        rooms.transmit(2, 50); // to room 1: b, c, d
        assertEquals(50, rooms.owedSince(B));
        assertEquals(100, rooms.owedSince(A));
        ChaosRooms.Got got = deliver(A, 0, 1);
        assertTrue(got.delivery());
        assertEquals(100, got.owedSince(), "the message itself counts as owed until it came");
        assertEquals(200, rooms.owedSince(A));
        assertEquals(50, rooms.owedSince(D));
        rooms.transmit(1, 999); // a resend does not make it younger
        assertEquals(200, rooms.owedSince(A));
    }

    @Test
    void aFrameThatIsNoMessageOfTheRunIsNoDelivery() {
        ChaosRooms.Got member = rooms.frame(A, 0, 1, null);
        assertEquals(RoomHold.Verdict.NEXT, member.verdict());
        assertFalse(member.delivery());
        assertFalse(rooms.frame(A, 0, 2, "someone else's text").delivery());
    }

    @Test
    void settledLooksOnlyAtMessagesSentBeforeTheAge() {
        send(0, A, 100);
        rooms.accepted(0, 1);
        for (int user : new int[] {A, B, C}) {
            deliver(user, 0, 1);
        }
        send(1, A, 500);
        assertTrue(rooms.settled(400), "message 1 is younger than the age");
        assertFalse(rooms.settled(600));
    }

    @Test
    void theFiguresSumOverWindows() {
        send(0, A, 100);
        rooms.accepted(0, 1);
        deliver(A, 0, 1);
        rooms.countLost();
        assertEquals(2, sum(w -> w.roomLost));
    }
}
