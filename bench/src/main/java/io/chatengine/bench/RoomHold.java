package io.chatengine.bench;

import java.util.BitSet;

/**
 * What one chaos client holds of one room, across its sockets: the seq its first subscription was answered with
 * ({@code subscribed}, the start: everything above it is owed to the client), the seqs it got above it, and the seq
 * it subscribes from on each new socket (the highest below which it holds everything). Judges each room frame as it
 * comes: since the client subscribes again from what it holds, its new seqs must rise by exactly 1 across
 * reconnects; a seq at or below the one a socket subscribed from, or one the same socket got already, is a duplicate.
 */
final class RoomHold {
    enum Verdict {
        /** The seq after the last one held: in order. */
        NEXT,
        /** A seq not held before, but not the one after the last held: seqs skipped, or a skipped one come late. */
        OUT_OF_ORDER,
        /** At or below what the socket subscribed from, or got by this socket before. */
        DUPLICATE,
        /** Held from an earlier socket and sent again because the client subscribed from below it (after a gap). */
        ASKED_AGAIN,
        /** Before the client's first subscription was answered: no room frame may come then. */
        BEFORE_SUBSCRIBED
    }

    /** The seq of the first {@code subscribed}; -1 until it came. */
    private long start = -1;
    /** Seq {@code start + 1 + i} is held at bit i. */
    private final BitSet held = new BitSet();
    /** Every seq up to this one is held (from {@link #start} on). */
    private long contiguous = -1;
    /** The highest seq held. */
    private long last = -1;
    /** The seq the current socket subscribed from; -1 for a first subscription not answered yet. */
    private long socketSince = -1;
    /** The seqs the current socket got, at bit {@code seq - start - 1}. */
    private final BitSet onSocket = new BitSet();
    private boolean answered;
    private long outOfOrder;
    private long duplicates;

    /**
     * A new socket subscribes: the seq to subscribe from, or null (none held yet: live from now). Everything the
     * earlier sockets were sent is forgotten but what they held.
     */
    Long subscribeFrom() {
        onSocket.clear();
        answered = false;
        socketSince = start < 0 ? -1 : contiguous;
        return start < 0 ? null : contiguous;
    }

    /** The current socket's subscription was answered: the room's latest seq was {@code seq}. */
    void subscribed(long seq) {
        answered = true;
        if (start < 0) {
            start = seq;
            contiguous = seq;
            last = seq;
            socketSince = seq;
        }
    }

    /** A room frame with {@code seq} came on the current socket. */
    Verdict frame(long seq) {
        if (start < 0) {
            outOfOrder++;
            return Verdict.BEFORE_SUBSCRIBED;
        }
        if (seq <= socketSince || onSocket.get(offset(seq))) {
            duplicates++;
            return Verdict.DUPLICATE;
        }
        onSocket.set(offset(seq));
        if (held.get(offset(seq))) {
            return Verdict.ASKED_AGAIN;
        }
        held.set(offset(seq));
        Verdict verdict;
        if (seq == last + 1) {
            verdict = Verdict.NEXT;
        } else if (seq > last) {
            outOfOrder += seq - last - 1;
            verdict = Verdict.OUT_OF_ORDER;
        } else {
            outOfOrder++; // a skipped seq come after a later one
            verdict = Verdict.OUT_OF_ORDER;
        }
        last = Math.max(last, seq);
        while (held.get(offset(contiguous + 1))) {
            contiguous++;
        }
        return verdict;
    }

    private int offset(long seq) {
        long offset = seq - start - 1;
        if (offset > Integer.MAX_VALUE - 1) {
            throw new IllegalStateException("room seq " + seq + " is too far above the start, " + start);
        }
        return (int) offset;
    }

    /** Whether the client's first subscription has been answered: from then on it is owed every later seq. */
    boolean started() {
        return start >= 0;
    }

    /** The seq of the first {@code subscribed}, -1 before it. */
    long start() {
        return start;
    }

    /** Whether the client was owed {@code seq}: it came after the first subscription's answer. */
    boolean owes(long seq) {
        return start < 0 || seq > start;
    }

    /** Whether the client holds {@code seq} (one above its start). */
    boolean holds(long seq) {
        return start >= 0 && seq > start && held.get(offset(seq));
    }

    /** Whether the current socket's subscription was answered. */
    boolean answered() {
        return answered;
    }

    long contiguous() {
        return contiguous;
    }

    long outOfOrder() {
        return outOfOrder;
    }

    long duplicates() {
        return duplicates;
    }
}
