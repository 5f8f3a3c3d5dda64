package io.chatengine.gateway.ws;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RateLimiterTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void allowsABurstThenRefuses() {
        RateLimiter limiter = new RateLimiter(10, 20, 0);
        for (int i = 0; i < 20; i++) {
            assertTrue(limiter.tryAcquire(0), "send " + i);
        }
        assertFalse(limiter.tryAcquire(0));
    }

    @Test
    void refillsAtTheRate() {
        RateLimiter limiter = new RateLimiter(10, 20, 0);
        for (int i = 0; i < 20; i++) {
            limiter.tryAcquire(0);
        }
        assertFalse(limiter.tryAcquire(SECOND / 20));
        assertTrue(limiter.tryAcquire(SECOND / 10 + SECOND / 20));
    }

    @Test
    void neverHoldsMoreThanTheBurst() {
        RateLimiter limiter = new RateLimiter(10, 5, 0);
        int allowed = 0;
        for (int i = 0; i < 100; i++) {
            if (limiter.tryAcquire(3600 * SECOND)) {
                allowed++;
            }
        }
        assertTrue(allowed == 5, "allowed " + allowed);
    }
}
