package io.chatengine.gateway.ws;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TypingThrottleTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void oneTypingPerTwoSecondsPerConversation() {
        TypingThrottle throttle = new TypingThrottle();
        assertTrue(throttle.admit(TypingThrottle.room("team-a"), 0));
        assertFalse(throttle.admit(TypingThrottle.room("team-a"), SECOND));
        assertTrue(throttle.admit(TypingThrottle.user("team-a"), SECOND), "a user of the same name is another one");
        assertFalse(throttle.admit(TypingThrottle.room("team-a"), 2 * SECOND - 1));
        assertTrue(throttle.admit(TypingThrottle.room("team-a"), 2 * SECOND));
    }

    @Test
    void typingInTooManyConversationsAtOnceIsDropped() {
        TypingThrottle throttle = new TypingThrottle();
        for (int i = 0; i < TypingThrottle.MAX_CONVERSATIONS; i++) {
            assertTrue(throttle.admit(TypingThrottle.user("user" + i), i));
        }
        assertFalse(throttle.admit(TypingThrottle.user("one-more"), SECOND));
        assertTrue(throttle.admit(TypingThrottle.user("one-more"), 3 * SECOND), "the others' intervals are over");
    }
}
