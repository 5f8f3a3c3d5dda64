package io.chatengine.bench;

/**
 * What became of the room messages of one window: when each was sent, how many member sockets should get it, how
 * many got it (once: a duplicate is told apart by its seq before it comes here) and when the slowest of them did.
 * Messages are numbered from 0 in the order sent; those from {@link #measuredFrom} on are measured, the ones before
 * are warm-up. Touched by one thread (the sockets' I/O thread); read at the end.
 */
final class RoomTally {
    private final long[] sentAt;
    private final int[] expected;
    private final int[] delivered;
    private final long[] slowest;
    private final ChatLoad.Latencies latencies;
    private int sent;
    private int measuredFrom = Integer.MAX_VALUE;
    private long deliveredMeasured;
    private long expectedMeasured;

    /** {@code messages} sent at most; {@code deliveries}: latency samples kept at most. */
    RoomTally(int messages, int deliveries) {
        sentAt = new long[messages];
        expected = new int[messages];
        delivered = new int[messages];
        slowest = new long[messages];
        latencies = new ChatLoad.Latencies(deliveries);
    }

    int capacity() {
        return sentAt.length;
    }

    /** Message {@code n} (the next one) was sent at {@code at} (nanoTime) to a room of {@code sockets} sockets. */
    void sent(int n, long at, int sockets) {
        if (n != sent) {
            throw new IllegalArgumentException("message " + n + " sent out of turn, expected " + sent);
        }
        sentAt[n] = at;
        expected[n] = sockets;
        sent++;
        if (n >= measuredFrom) {
            expectedMeasured += sockets;
        }
    }

    /** Messages from the next one sent on are measured. */
    void measureFromNext() {
        measuredFrom = sent;
    }

    /** A socket got message {@code n} for the first time at {@code at}. */
    void delivered(int n, long at) {
        if (n < 0 || n >= sent) {
            return; // not one of this window's
        }
        delivered[n]++;
        if (n >= measuredFrom) {
            long latency = at - sentAt[n];
            deliveredMeasured++;
            latencies.add(latency);
            slowest[n] = Math.max(slowest[n], latency);
        }
    }

    int sent() {
        return sent;
    }

    long measured() {
        return Math.max(0, sent - measuredFrom);
    }

    boolean isMeasured(int n) {
        return n >= measuredFrom && n < sent;
    }

    long deliveredMeasured() {
        return deliveredMeasured;
    }

    /** Every measured message has reached every socket it should. */
    boolean complete() {
        return deliveredMeasured >= expectedMeasured;
    }

    long expectedMeasured() {
        return expectedMeasured;
    }

    /** Deliveries of measured messages that did not come: a member socket that did not get a message. */
    long lost() {
        long lost = 0;
        for (int n = measuredFrom; n < sent; n++) {
            lost += Math.max(0, expected[n] - delivered[n]);
        }
        return lost;
    }

    /** Latency of each delivery of a measured message: p50, p90, p99 and max in milliseconds. */
    double[] deliveryMillis() {
        return latencies.millis();
    }

    /**
     * Latency to the last member socket of each measured message that reached all of its sockets (one that did not
     * is counted {@link #lost}, not here): p50, p90, p99 and max in milliseconds.
     */
    double[] lastMemberMillis() {
        ChatLoad.Latencies last = new ChatLoad.Latencies((int) Math.max(1, measured()));
        for (int n = measuredFrom; n < sent; n++) {
            if (expected[n] > 0 && delivered[n] >= expected[n]) {
                last.add(slowest[n]);
            }
        }
        return last.millis();
    }
}
