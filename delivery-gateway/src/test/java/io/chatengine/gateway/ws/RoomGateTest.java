package io.chatengine.gateway.ws;

import static io.chatengine.gateway.ws.RoomGate.Kind.LIVE;
import static io.chatengine.gateway.ws.RoomGate.Kind.PAGE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RoomGateTest {
    @Test
    void liveFramesWaitForTheCatchUpPageWhichHasThem() {
        RoomGate gate = new RoomGate(5L);
        assertFalse(gate.live());
        assertFalse(gate.admit(6L, LIVE), "routed before the page: the page has it");
        assertTrue(gate.admit(6L, PAGE));
        assertTrue(gate.admit(7L, PAGE));
        assertFalse(gate.paged(false, 7L));
        assertTrue(gate.live());
        assertFalse(gate.admit(7L, LIVE));
        assertTrue(gate.admit(8L, LIVE));
        assertEquals(8L, gate.held());
    }

    @Test
    void aSocketNeverTakesARoomSeqAtOrBelowWhatItHolds() {
        RoomGate gate = new RoomGate(10L);
        assertFalse(gate.admit(9L, PAGE), "the client holds it");
        assertFalse(gate.admit(10L, PAGE));
        assertTrue(gate.admit(11L, PAGE));
        assertFalse(gate.admit(11L, PAGE), "a page routed twice upstream");
        gate.paged(false, 11L);
        assertFalse(gate.admit(11L, LIVE), "a broadcast routed again after a crash upstream");
        assertTrue(gate.admit(12L, LIVE));
    }

    @Test
    void aSocketThatHeldNothingHoldsTheLatestOnceLive() {
        RoomGate gate = new RoomGate(null);
        assertNull(gate.held());
        gate.paged(false, 21L);
        assertEquals(21L, gate.held());
        assertFalse(gate.admit(21L, LIVE), "older than the subscribe: the client asked for none");
        assertTrue(gate.admit(22L, LIVE));
    }

    @Test
    void aSocketThatClaimedMoreThanTheRoomHasHoldsOnlyTheLatest() {
        RoomGate gate = new RoomGate(40L);
        gate.paged(false, 21L);
        assertEquals(21L, gate.held());
        assertTrue(gate.admit(22L, LIVE), "the room's next frame is not mistaken for one the client holds");
    }

    @Test
    void signalsWithoutASeqGoOnlyToLiveSockets() {
        RoomGate gate = new RoomGate(3L);
        assertFalse(gate.admit(null, LIVE), "typing while the catch-up is not written");
        gate.paged(false, 3L);
        assertTrue(gate.admit(null, LIVE));
        assertTrue(gate.admit(null, LIVE), "each signal goes out");
        assertEquals(3L, gate.held(), "a signal moves nothing");
    }

    @Test
    void aPageWithMoreAsksForTheNextOnceAndLiveFramesWaitForTheLast() {
        RoomGate gate = new RoomGate(0L);
        assertTrue(gate.admit(1L, PAGE));
        assertTrue(gate.paged(true, null), "the next page is to be asked for");
        assertFalse(gate.paged(true, null), "the same page routed twice asks once");
        assertFalse(gate.admit(9L, LIVE));
        assertTrue(gate.askingForMore());
        assertFalse(gate.askingForMore(), "asked already");
        assertEquals(1L, gate.held(), "the next page is asked from here");
        for (long seq = 2; seq <= 9; seq++) {
            assertTrue(gate.admit(seq, PAGE));
        }
        gate.paged(false, 9L);
        assertTrue(gate.admit(10L, LIVE));
    }

    @Test
    void subscribingAgainHoldsLiveFramesUntilThePageThatAnswersIt() {
        RoomGate gate = new RoomGate(null);
        gate.paged(false, 4L);
        assertTrue(gate.admit(5L, LIVE));
        assertEquals(5L, gate.again(), "asked from what the socket holds");
        assertFalse(gate.live());
        assertFalse(gate.admit(7L, LIVE), "6 may have been routed elsewhere while the interest lapsed");
        assertTrue(gate.admit(6L, PAGE));
        assertTrue(gate.admit(7L, PAGE));
        gate.paged(false, 7L);
        assertTrue(gate.live());
        assertEquals(7L, gate.held());
    }
}
