package io.chatengine.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RoomTallyTest {
    private static final long MS = 1_000_000;

    @Test
    void lostCountsEachMemberSocketThatDidNotGetAMeasuredMessage() {
        RoomTally tally = new RoomTally(10, 100);
        tally.measureFromNext();
        tally.sent(0, 0, 3);
        tally.sent(1, 0, 3);
        tally.delivered(0, MS);
        tally.delivered(0, MS);
        tally.delivered(0, MS);
        tally.delivered(1, MS);
        assertEquals(2, tally.lost());
        assertEquals(4, tally.deliveredMeasured());
        assertEquals(6, tally.expectedMeasured());
        assertFalse(tally.complete());
        tally.delivered(1, MS);
        tally.delivered(1, MS);
        assertEquals(0, tally.lost());
        assertTrue(tally.complete());
    }

    @Test
    void warmUpMessagesAreNeitherLostNorMeasured() {
        RoomTally tally = new RoomTally(10, 100);
        tally.sent(0, 0, 5); // warm-up, never delivered
        tally.measureFromNext();
        tally.sent(1, 0, 1);
        tally.delivered(0, 900 * MS);
        tally.delivered(1, 2 * MS);
        assertEquals(0, tally.lost());
        assertEquals(1, tally.measured());
        assertEquals(2.0, tally.deliveryMillis()[3], 1e-9);
        assertTrue(tally.isMeasured(1));
        assertFalse(tally.isMeasured(0));
    }

    @Test
    void aDeliveryOfAMessageNotSentIsIgnored() {
        RoomTally tally = new RoomTally(10, 100);
        tally.measureFromNext();
        tally.sent(0, 0, 1);
        tally.delivered(-1, MS);
        tally.delivered(7, MS);
        assertEquals(0, tally.deliveredMeasured());
        assertEquals(1, tally.lost());
    }

    @Test
    void messagesAreSentInTurn() {
        RoomTally tally = new RoomTally(10, 100);
        tally.sent(0, 0, 1);
        assertThrows(IllegalArgumentException.class, () -> tally.sent(2, 0, 1));
    }

    @Test
    void lastMemberLatencyIsTheSlowestSocketOfEachCompleteMessage() {
        RoomTally tally = new RoomTally(200, 1_000);
        tally.measureFromNext();
        // 100 messages to 3 sockets each: the slowest of message n takes n + 1 ms, the others 1 ms
        for (int n = 0; n < 100; n++) {
            tally.sent(n, n * 10 * MS, 3);
            tally.delivered(n, n * 10 * MS + MS);
            tally.delivered(n, n * 10 * MS + (n + 1) * MS);
            tally.delivered(n, n * 10 * MS + MS);
        }
        double[] last = tally.lastMemberMillis();
        assertArrayEquals(new double[] {50, 90, 99, 100}, last, 1e-9);
        double[] all = tally.deliveryMillis(); // 300 deliveries, 200 of them at 1 ms
        assertEquals(1, all[0], 1e-9);
        assertEquals(100, all[3], 1e-9);
    }

    @Test
    void aMessageSomeMemberLostHasNoLastMemberLatency() {
        RoomTally tally = new RoomTally(10, 100);
        tally.measureFromNext();
        tally.sent(0, 0, 2);
        tally.delivered(0, 5 * MS);
        tally.sent(1, 0, 2);
        tally.delivered(1, 3 * MS);
        tally.delivered(1, 4 * MS);
        assertArrayEquals(new double[] {4, 4, 4, 4}, tally.lastMemberMillis(), 1e-9);
        assertEquals(1, tally.lost());
    }

    @Test
    void noCompleteMessageGivesZeroLatencies() {
        RoomTally tally = new RoomTally(10, 100);
        tally.measureFromNext();
        tally.sent(0, 0, 2);
        assertArrayEquals(new double[] {0, 0, 0, 0}, tally.lastMemberMillis(), 1e-9);
    }
}
