package io.chatengine.gateway.ws;

/**
 * Which routed frames one socket still needs, and what it holds. Routing is at-least-once: after presence-stream
 * processes records again, the same welcome and seqs come again. A socket takes one welcome and each seq once, in
 * increasing order, and never a seq at or below the {@code since} it resumed from: the client holds those already.
 * While a resume is paged in, live frames wait: they would overtake the backlog, and the next page has them.
 */
final class DeliveryGate {
    /** Where a routed frame comes from. */
    enum Kind {
        /** a connection's welcome (one per page of its resume) */
        WELCOME,
        /** a frame of a resume's backlog, after its welcome */
        BACKLOG,
        /** a new message, routed to every live connection of its owner */
        LIVE
    }

    private final boolean resumed;
    private long lastSeq;
    private boolean welcomed;
    private boolean paging;

    /** @param since the last seq the client holds, or null when it holds none and wants only new messages */
    DeliveryGate(Long since) {
        this.resumed = since != null;
        this.lastSeq = since == null ? -1 : since;
    }

    /**
     * Whether the frame goes out; a frame admitted moves the gate past it. A welcome's seq is the inbox's latest:
     * a socket that did not resume holds everything up to it, and one that resumed from above it (a {@code since}
     * past the latest) holds only that much.
     */
    boolean admit(Long seq, Kind kind) {
        if (kind == Kind.LIVE && seq != null && paging) {
            return false;
        }
        if (kind == Kind.WELCOME) {
            if (welcomed) {
                return false;
            }
            welcomed = true;
            if (seq != null) {
                lastSeq = resumed ? Math.min(lastSeq, seq) : Math.max(lastSeq, seq);
            }
            return true;
        }
        if (seq != null) {
            if (seq <= lastSeq) {
                return false;
            }
            lastSeq = seq;
        }
        return true;
    }

    /** Whether more pages of the resume follow the one just admitted: until the last, live frames wait. */
    void paging(boolean more) {
        paging = more;
    }

    /** The seq this socket holds everything up to, or null when it holds none: what it would resume from. */
    Long held() {
        return lastSeq < 0 ? null : lastSeq;
    }
}
