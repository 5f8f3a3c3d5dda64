package io.chatengine.gateway.ws;

import java.util.ArrayDeque;

/** Counts a connection's errors over a sliding window; too many and the connection is closed with 4008. */
final class ErrorWindow {
    private static final long WINDOW_NANOS = 10_000_000_000L;
    private final int max;
    private final ArrayDeque<Long> times = new ArrayDeque<>();

    ErrorWindow(int max) {
        this.max = max;
    }

    /** Records an error; true when the connection has now had more than the maximum within the window. */
    synchronized boolean record(long nowNanos) {
        times.addLast(nowNanos);
        while (!times.isEmpty() && nowNanos - times.peekFirst() > WINDOW_NANOS) {
            times.removeFirst();
        }
        return times.size() > max;
    }
}
