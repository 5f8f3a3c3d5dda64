package io.chatengine.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RoomHoldTest {
    /** A hold whose first socket subscribed with null and was answered at {@code latest}. */
    private static RoomHold subscribedAt(long latest) {
        RoomHold hold = new RoomHold();
        assertNull(hold.subscribeFrom());
        hold.subscribed(latest);
        return hold;
    }

    @Test
    void theFirstSubscriptionIsNullAndItsAnswerIsWhereTheClientStarts() {
        RoomHold hold = subscribedAt(41);
        assertTrue(hold.started());
        assertEquals(41, hold.start());
        assertEquals(RoomHold.Verdict.NEXT, hold.frame(42));
        assertEquals(RoomHold.Verdict.NEXT, hold.frame(43));
        assertEquals(43, hold.contiguous());
        assertEquals(0, hold.outOfOrder());
        assertEquals(0, hold.duplicates());
    }

    @Test
    void theClientIsOwedOnlyWhatCameAfterItsFirstSubscription() {
        RoomHold hold = subscribedAt(10);
        hold.frame(11);
        assertFalse(hold.owes(10));
        assertTrue(hold.owes(11));
        assertTrue(hold.owes(12));
        assertTrue(hold.holds(11));
        assertFalse(hold.holds(12));
        assertFalse(hold.holds(10));
    }

    @Test
    void aNewSocketSubscribesFromTheSeqHeldAndItsSeqsGoOnRisingByOne() {
        RoomHold hold = subscribedAt(0);
        hold.frame(1);
        hold.frame(2);
        assertEquals(2L, hold.subscribeFrom());
        assertFalse(hold.answered());
        assertEquals(RoomHold.Verdict.NEXT, hold.frame(3)); // catch-up before subscribed
        hold.subscribed(5);
        assertTrue(hold.answered());
        assertEquals(0, hold.start(), "a later answer does not move the start");
        assertEquals(RoomHold.Verdict.NEXT, hold.frame(4));
        assertEquals(RoomHold.Verdict.NEXT, hold.frame(5));
        assertEquals(0, hold.outOfOrder());
        assertEquals(0, hold.duplicates());
    }

    @Test
    void aSeqAtOrBelowWhatTheSocketSubscribedFromIsADuplicate() {
        RoomHold hold = subscribedAt(5);
        assertEquals(RoomHold.Verdict.DUPLICATE, hold.frame(5));
        hold.frame(6);
        hold.frame(7);
        hold.subscribeFrom(); // from 7
        assertEquals(RoomHold.Verdict.DUPLICATE, hold.frame(7));
        assertEquals(RoomHold.Verdict.DUPLICATE, hold.frame(6));
        assertEquals(3, hold.duplicates());
        assertEquals(0, hold.outOfOrder());
    }

    @Test
    void aSeqTheSameSocketGotBeforeIsADuplicate() {
        RoomHold hold = subscribedAt(0);
        hold.frame(1);
        hold.frame(2);
        assertEquals(RoomHold.Verdict.DUPLICATE, hold.frame(2));
        assertEquals(RoomHold.Verdict.DUPLICATE, hold.frame(1));
        assertEquals(2, hold.duplicates());
    }

    @Test
    void aSkipCountsTheSeqsSkippedAndASkippedSeqComingLateOnceMore() {
        RoomHold hold = subscribedAt(0);
        hold.frame(1);
        assertEquals(RoomHold.Verdict.OUT_OF_ORDER, hold.frame(4));
        assertEquals(2, hold.outOfOrder());
        assertEquals(1, hold.contiguous());
        assertEquals(RoomHold.Verdict.OUT_OF_ORDER, hold.frame(2));
        assertEquals(3, hold.outOfOrder());
        assertEquals(2, hold.contiguous());
        assertEquals(0, hold.duplicates());
    }

    @Test
    void afterAGapTheClientAsksFromBelowItAndWhatItHeldAboveComesAgainUncounted() {
        RoomHold hold = subscribedAt(0);
        hold.frame(1);
        hold.frame(3); // 2 skipped
        assertEquals(1L, hold.subscribeFrom());
        assertEquals(RoomHold.Verdict.OUT_OF_ORDER, hold.frame(2)); // the late one
        assertEquals(RoomHold.Verdict.ASKED_AGAIN, hold.frame(3));
        assertEquals(RoomHold.Verdict.NEXT, hold.frame(4));
        assertEquals(2, hold.outOfOrder());
        assertEquals(0, hold.duplicates());
        assertEquals(RoomHold.Verdict.DUPLICATE, hold.frame(3), "but twice on the same socket");
    }

    @Test
    void aFrameBeforeTheFirstSubscribedIsOutOfOrder() {
        RoomHold hold = new RoomHold();
        hold.subscribeFrom();
        assertEquals(RoomHold.Verdict.BEFORE_SUBSCRIBED, hold.frame(3));
        assertEquals(1, hold.outOfOrder());
        assertFalse(hold.started());
        assertTrue(hold.owes(3), "a client never subscribed is owed everything");
    }

    @Test
    void aFirstSubscriptionLeftUnansweredIsAskedAgainWithNull() {
        RoomHold hold = new RoomHold();
        assertNull(hold.subscribeFrom());
        assertNull(hold.subscribeFrom()); // the socket closed before `subscribed`
        hold.subscribed(8);
        assertEquals(8L, hold.subscribeFrom());
    }
}
