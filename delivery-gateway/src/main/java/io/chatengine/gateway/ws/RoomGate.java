package io.chatengine.gateway.ws;

/**
 * Which frames of one room one socket still needs, and what it holds: {@link DeliveryGate} for a room. A
 * subscribe's catch-up comes as pages; until the last page is written, live frames of the room are not written:
 * a room's deliveries are keyed by room and so come in the order the room's processor made them, which means
 * a live frame that comes before a page is in that page. Each room seq goes out once, in increasing order, never
 * at or below the seq the socket holds. Thread-safe: the delivery thread admits, I/O threads subscribe again.
 */
final class RoomGate {
    /** Where a room frame comes from. */
    enum Kind {
        /** a frame of a catch-up page (Delivery.then of a PAGE) */
        PAGE,
        /** a frame broadcast to every subscribed socket: a log frame with its seq, or a signal without */
        LIVE
    }

    private long lastSeq;
    private boolean awaiting = true;
    private boolean wantsMore;

    /** @param since the room seq the client holds, or null when it holds none and wants only new frames */
    RoomGate(Long since) {
        this.lastSeq = since == null ? -1 : since;
    }

    /**
     * Whether the frame goes out; one admitted moves the gate past its seq. A frame without a seq (typing, a
     * read) goes out only once the socket is live: it is not in any page.
     */
    synchronized boolean admit(Long seq, Kind kind) {
        if (kind == Kind.LIVE && awaiting) {
            return false;
        }
        if (seq == null) {
            return true;
        }
        if (seq <= lastSeq) {
            return false;
        }
        lastSeq = seq;
        return true;
    }

    /**
     * A catch-up page was written to the socket. The last one ({@code more} false, with the room's latest seq)
     * makes the socket live; a socket that held nothing holds the latest from then on, and one that claimed more
     * than the room has holds only the latest. With {@code more}, true if the next page is to be asked for: once
     * per page written, however many pages came.
     */
    synchronized boolean paged(boolean more, Long latest) {
        if (more) {
            boolean ask = !wantsMore;
            wantsMore = true;
            return ask;
        }
        awaiting = false;
        if (latest != null) {
            lastSeq = lastSeq < 0 ? latest : Math.min(lastSeq, latest);
        }
        return false;
    }

    /** The next page is being asked for now; true unless it was asked for already. */
    synchronized boolean askingForMore() {
        boolean ask = wantsMore;
        wantsMore = false;
        return ask;
    }

    /**
     * The socket subscribes again (the client asked again, or the gateway announces its interest again): live
     * frames wait for the page that answers it, which has them, so no frame the room's processor routed
     * elsewhere meanwhile is skipped. Returns the seq to ask from.
     */
    synchronized Long again() {
        awaiting = true;
        return held();
    }

    /** Whether the socket is live: its catch-up page is written. */
    synchronized boolean live() {
        return !awaiting;
    }

    /** The room seq this socket holds everything up to, or null when it holds none. */
    synchronized Long held() {
        return lastSeq < 0 ? null : lastSeq;
    }
}
