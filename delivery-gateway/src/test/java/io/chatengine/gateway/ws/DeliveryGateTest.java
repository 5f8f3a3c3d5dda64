package io.chatengine.gateway.ws;

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
}
