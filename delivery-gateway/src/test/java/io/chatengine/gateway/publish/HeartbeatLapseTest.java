package io.chatengine.gateway.publish;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class HeartbeatLapseTest {
    private static final long TIMEOUT = 6_000;

    @Test
    void heartbeatsWrittenEveryTwoSecondsNeverLapse() {
        HeartbeatLapse lapse = new HeartbeatLapse(TIMEOUT, 0);
        for (long at = 2_000; at <= 20_000; at += 2_000) {
            assertFalse(lapse.written(at, at + 50));
        }
    }

    @Test
    void aHeartbeatWrittenAfterKafkaWasAwayLongerThanTheTimeoutLapses() {
        HeartbeatLapse lapse = new HeartbeatLapse(TIMEOUT, 0);
        assertFalse(lapse.written(2_000, 2_010));
        assertTrue(lapse.written(9_000, 9_010), "nothing written from 2 s to 9 s");
        assertFalse(lapse.written(11_000, 11_010), "in contact again");
    }

    @Test
    void aHeartbeatMadeInTimeButWrittenLateLapsesToo() {
        HeartbeatLapse lapse = new HeartbeatLapse(TIMEOUT, 0);
        assertFalse(lapse.written(2_000, 2_010));
        assertTrue(lapse.written(4_000, 8_500), "made at 4 s, but Kafka had it only at 8.5 s");
        assertFalse(lapse.written(6_000, 8_600), "the heartbeats queued behind it are in time");
    }
}
