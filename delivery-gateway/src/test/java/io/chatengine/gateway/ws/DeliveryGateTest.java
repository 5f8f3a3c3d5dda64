package io.chatengine.gateway.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static io.chatengine.gateway.ws.DeliveryGate.Kind.BACKLOG;
import static io.chatengine.gateway.ws.DeliveryGate.Kind.LIVE;
import static io.chatengine.gateway.ws.DeliveryGate.Kind.WELCOME;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DeliveryGateTest {
    @Test
    void aResumedSocketNeverTakesASeqAtOrBelowItsSince() {
        DeliveryGate gate = new DeliveryGate(27L);
        assertTrue(gate.admit(null, WELCOME));
        assertFalse(gate.admit(25L, LIVE), "processed again upstream: the client holds 25");
        assertFalse(gate.admit(27L, LIVE));
        assertTrue(gate.admit(28L, LIVE));
    }

    @Test
    void eachSeqAndTheWelcomeGoOutOnce() {
        DeliveryGate gate = new DeliveryGate(null);
        assertTrue(gate.admit(null, WELCOME));
        assertTrue(gate.admit(1L, LIVE));
        assertTrue(gate.admit(2L, LIVE));
        assertFalse(gate.admit(null, WELCOME), "a second welcome");
        assertFalse(gate.admit(1L, LIVE));
        assertFalse(gate.admit(2L, LIVE));
        assertTrue(gate.admit(3L, LIVE));
    }

    @Test
    void aFreshSocketTakesTheFirstSeq() {
        DeliveryGate gate = new DeliveryGate(0L);
        assertFalse(gate.admit(0L, LIVE));
        assertTrue(gate.admit(1L, LIVE));
        assertTrue(new DeliveryGate(null).admit(0L, LIVE));
    }

    @Test
    void framesWithoutASeqAlwaysGoOut() {
        DeliveryGate gate = new DeliveryGate(5L);
        assertTrue(gate.admit(null, LIVE));
        assertTrue(gate.admit(null, LIVE));
    }

    @Test
    void aNewSocketHoldsWhatItsWelcomeAnnouncesAndTakesOnlyNewerSeqs() {
        DeliveryGate gate = new DeliveryGate(null);
        assertEquals(null, gate.held());
        assertTrue(gate.admit(5L, WELCOME));
        assertEquals(5L, gate.held());
        assertFalse(gate.admit(5L, LIVE), "processed again upstream: older than the welcome");
        assertTrue(gate.admit(6L, LIVE));
        assertEquals(6L, gate.held());
    }

    @Test
    void aResumeFromPastTheLatestHoldsOnlyTheLatest() {
        DeliveryGate gate = new DeliveryGate(10L);
        assertTrue(gate.admit(7L, WELCOME), "since=10 but the inbox's latest is 7");
        assertEquals(7L, gate.held());
        assertTrue(gate.admit(8L, LIVE), "the next message is not mistaken for one the client holds");
    }

    @Test
    void aResumedSocketHoldsWhatItsBacklogBroughtFromItsSince() {
        DeliveryGate gate = new DeliveryGate(3L);
        assertEquals(3L, gate.held());
        assertTrue(gate.admit(6L, WELCOME));
        assertEquals(3L, gate.held(), "the backlog 4..6 follows the welcome");
        assertTrue(gate.admit(4L, BACKLOG));
        assertTrue(gate.admit(5L, BACKLOG));
        assertEquals(5L, gate.held());
    }

    @Test
    void whileAResumeIsPagedInLiveMessagesWaitForTheNextPage() {
        DeliveryGate gate = new DeliveryGate(0L);
        assertTrue(gate.admit(9L, WELCOME));
        assertTrue(gate.admit(1L, BACKLOG));
        assertTrue(gate.admit(2L, BACKLOG));
        gate.paging(true);
        assertFalse(gate.admit(10L, LIVE), "it would overtake 3..9");
        assertTrue(gate.admit(null, LIVE), "an answer to a send has no seq and goes out");
        assertFalse(gate.admit(10L, WELCOME), "the next page's welcome");
        for (long seq = 3; seq <= 10; seq++) {
            assertTrue(gate.admit(seq, BACKLOG), "seq " + seq);
        }
        gate.paging(false);
        assertFalse(gate.admit(10L, LIVE));
        assertTrue(gate.admit(11L, LIVE));
        assertEquals(11L, gate.held());
    }
}
