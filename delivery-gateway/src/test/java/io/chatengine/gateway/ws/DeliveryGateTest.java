package io.chatengine.gateway.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DeliveryGateTest {
    @Test
    void aResumedSocketNeverTakesASeqAtOrBelowItsSince() {
        DeliveryGate gate = new DeliveryGate(27L);
        assertTrue(gate.admit(null, true));
        assertFalse(gate.admit(25L, false), "processed again upstream: the client holds 25");
        assertFalse(gate.admit(27L, false));
        assertTrue(gate.admit(28L, false));
    }

    @Test
    void eachSeqAndTheWelcomeGoOutOnce() {
        DeliveryGate gate = new DeliveryGate(null);
        assertTrue(gate.admit(null, true));
        assertTrue(gate.admit(1L, false));
        assertTrue(gate.admit(2L, false));
        assertFalse(gate.admit(null, true), "a second welcome");
        assertFalse(gate.admit(1L, false));
        assertFalse(gate.admit(2L, false));
        assertTrue(gate.admit(3L, false));
    }

    @Test
    void aFreshSocketTakesTheFirstSeq() {
        DeliveryGate gate = new DeliveryGate(0L);
        assertFalse(gate.admit(0L, false));
        assertTrue(gate.admit(1L, false));
        assertTrue(new DeliveryGate(null).admit(0L, false));
    }

    @Test
    void framesWithoutASeqAlwaysGoOut() {
        DeliveryGate gate = new DeliveryGate(5L);
        assertTrue(gate.admit(null, false));
        assertTrue(gate.admit(null, false));
    }

    @Test
    void aNewSocketHoldsWhatItsWelcomeAnnouncesAndTakesOnlyNewerSeqs() {
        DeliveryGate gate = new DeliveryGate(null);
        assertEquals(null, gate.held());
        assertTrue(gate.admit(5L, true));
        assertEquals(5L, gate.held());
        assertFalse(gate.admit(5L, false), "processed again upstream: older than the welcome");
        assertTrue(gate.admit(6L, false));
        assertEquals(6L, gate.held());
    }

    @Test
    void aResumeFromPastTheLatestHoldsOnlyTheLatest() {
        DeliveryGate gate = new DeliveryGate(10L);
        assertTrue(gate.admit(7L, true), "since=10 but the inbox's latest is 7");
        assertEquals(7L, gate.held());
        assertTrue(gate.admit(8L, false), "the next message is not mistaken for one the client holds");
    }

    @Test
    void aResumedSocketHoldsWhatItsBacklogBroughtFromItsSince() {
        DeliveryGate gate = new DeliveryGate(3L);
        assertEquals(3L, gate.held());
        assertTrue(gate.admit(6L, true));
        assertEquals(3L, gate.held(), "the backlog 4..6 follows the welcome");
        assertTrue(gate.admit(4L, false));
        assertTrue(gate.admit(5L, false));
        assertEquals(5L, gate.held());
    }
}
