package io.chatengine.gateway.ws;

import io.chatengine.common.ErrorCode;
import io.chatengine.common.protocol.Frames;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The sends of one socket still waiting for their answer ({@code sent} or {@code ref_conflict}), which comes from
 * the sender's inbox in presence-stream. A send that Kafka refused, or whose answer did not come in time, is
 * answered {@code unavailable} here, once: the client sends it again with the same ref.
 */
final class AwaitedAnswers {
    /** A send waiting for its answer: its ref and when the socket read it. */
    record Awaited(String id, String ref, long sinceNanos) {
    }

    private final Map<String, Awaited> byId = new LinkedHashMap<>();

    /** The answer to a send that was not accepted. */
    static String unavailable(String ref) {
        return Frames.error(ref, ErrorCode.UNAVAILABLE, "the message was not accepted; send it again with the same ref");
    }

    synchronized void await(String id, String ref, long nowNanos) {
        byId.putIfAbsent(id, new Awaited(id, ref, nowNanos));
    }

    /** The send the answer is for, now answered; null if it was answered already or is not this socket's. */
    synchronized Awaited answered(String id) {
        return byId.remove(id);
    }

    /** The sends waiting longer than {@code limitNanos}, oldest first; they wait no more. */
    synchronized List<Awaited> overdue(long nowNanos, long limitNanos) {
        List<Awaited> overdue = new ArrayList<>();
        Iterator<Awaited> waiting = byId.values().iterator();
        while (waiting.hasNext()) {
            Awaited awaited = waiting.next();
            if (nowNanos - awaited.sinceNanos() < limitNanos) {
                break; // in the order they were read: the rest are younger
            }
            overdue.add(awaited);
            waiting.remove();
        }
        return overdue;
    }
}
