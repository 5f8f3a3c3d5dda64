package io.chatengine.gateway.ws;

import java.util.HashMap;
import java.util.Map;

/**
 * Typing frames one socket forwards: at most one per {@link #INTERVAL_NANOS} per conversation (a room, or a
 * user typed to), the rest dropped without an error, since typing means "typing now, for 5 s" and a client sends
 * it on every key. At most {@link #MAX_CONVERSATIONS} conversations within an interval: typing to more at once is
 * no person typing, and each forwarded frame costs records.
 */
final class TypingThrottle {
    static final long INTERVAL_NANOS = 2_000_000_000L;
    static final int MAX_CONVERSATIONS = 32;
    private final Map<String, Long> forwardedAt = new HashMap<>();

    /** Whether a typing frame in {@code conversation} is forwarded; one that is starts a new interval. */
    synchronized boolean admit(String conversation, long nowNanos) {
        Long last = forwardedAt.get(conversation);
        if (last != null && nowNanos - last < INTERVAL_NANOS) {
            return false;
        }
        if (last == null && forwardedAt.size() >= MAX_CONVERSATIONS) {
            forwardedAt.values().removeIf(at -> nowNanos - at >= INTERVAL_NANOS);
            if (forwardedAt.size() >= MAX_CONVERSATIONS) {
                return false;
            }
        }
        forwardedAt.put(conversation, nowNanos);
        return true;
    }

    static String room(String room) {
        return "room:" + room;
    }

    static String user(String user) {
        return "user:" + user;
    }
}
