package io.chatengine.gateway.ws;

/**
 * Which routed frames one socket still needs. Routing is at-least-once: after presence-stream processes records
 * again, the same welcome and seqs come again. A socket takes one welcome and each seq once, in increasing order,
 * and never a seq at or below the {@code since} it resumed from: the client holds those already.
 */
final class DeliveryGate {
    private long lastSeq;
    private boolean welcomed;

    /** @param since the last seq the client holds, or null when it holds none */
    DeliveryGate(Long since) {
        this.lastSeq = since == null ? -1 : since;
    }

    /** Whether the frame goes out; a frame admitted moves the gate past it. */
    boolean admit(Long seq, boolean welcome) {
        if (welcome) {
            if (welcomed) {
                return false;
            }
            welcomed = true;
        }
        if (seq != null) {
            if (seq <= lastSeq) {
                return false;
            }
            lastSeq = seq;
        }
        return true;
    }
}
