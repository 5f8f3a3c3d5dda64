package io.chatengine.bench;

import java.util.BitSet;

/**
 * The room seqs one socket got for one room: each must be new to it (else a duplicate) and, after the first, one
 * above the one before (else a gap: the seqs skipped, or one for a seq that comes after a later one).
 */
final class SeqCheck {
    enum Verdict { FIRST, NEXT, GAP, DUPLICATE }

    private final BitSet seen = new BitSet();
    private long first = -1;
    private long last = -1;
    private long gaps;
    private long duplicates;

    Verdict accept(long seq) {
        if (first < 0) {
            first = seq;
            last = seq;
            seen.set(0);
            return Verdict.FIRST;
        }
        long offset = seq - first;
        if (offset < 0) {
            gaps++; // below the first seq this socket got: late, and never counted as skipped
            return Verdict.GAP;
        }
        if (offset > Integer.MAX_VALUE - 1) {
            throw new IllegalStateException("room seq " + seq + " is too far above the first, " + first);
        }
        if (seen.get((int) offset)) {
            duplicates++;
            return Verdict.DUPLICATE;
        }
        seen.set((int) offset);
        Verdict verdict;
        if (seq == last + 1) {
            verdict = Verdict.NEXT;
        } else if (seq > last) {
            gaps += seq - last - 1;
            verdict = Verdict.GAP;
        } else {
            gaps++; // a seq skipped before, arriving after a later one: out of order
            verdict = Verdict.GAP;
        }
        last = Math.max(last, seq);
        return verdict;
    }

    long gaps() {
        return gaps;
    }

    long duplicates() {
        return duplicates;
    }
}
