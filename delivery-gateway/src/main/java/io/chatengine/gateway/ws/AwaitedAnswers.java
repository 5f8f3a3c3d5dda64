package io.chatengine.gateway.ws;

import io.chatengine.common.ErrorCode;
import io.chatengine.common.protocol.Frames;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The sends of one socket still waiting for their answer ({@code sent} or {@code ref_conflict}), which comes from
 * the sender's inbox in presence-stream. A send that Kafka refused, or whose answer did not come in time, is
 * answered {@code unavailable} here, once: the client sends it again with the same ref.
 *
 * <p>A resend of the same message whose copy Kafka has already, or is being given, is not written again: it
 * waits for that copy's answer. So a client resending while the sender's inbox is slow (failing over, catching
 * up) adds no records to what it has to catch up on.
 */
final class AwaitedAnswers {
    /** Copies in Kafka whose answer has not come, remembered at most, per socket. */
    static final int KAFKA_HAS_AT_MOST = 1_024;

    /**
     * A send waiting for its answer: its ref, where it goes (a user {@code to}, or a {@code room}), what it says,
     * and when the socket read it.
     */
    record Awaited(String id, String ref, String to, String room, String text, long sinceNanos) {
        boolean sameMessage(Awaited other) {
            return Objects.equals(to, other.to) && Objects.equals(room, other.room) && text.equals(other.text);
        }

        Awaited waitingSince(long nowNanos) {
            return new Awaited(id, ref, to, room, text, nowNanos);
        }
    }

    private final Map<String, Awaited> byId = new LinkedHashMap<>();
    private final Map<String, Awaited> inKafka = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Awaited> eldest) {
            return size() > KAFKA_HAS_AT_MOST;
        }
    };

    /** The answer to a send that was not accepted (a room send's names its room). */
    static String unavailable(Awaited send) {
        return Frames.error(send.ref(), send.room(), ErrorCode.UNAVAILABLE,
                "the message was not accepted; send it again with the same ref");
    }

    /**
     * The direct send waits for its answer; whether it is to be written to Kafka: not when the same message (same
     * id, to and text) is there already or on its way, whose answer serves both.
     */
    synchronized boolean await(String id, String ref, String to, String text, long nowNanos) {
        return await(new Awaited(id, ref, to, null, text, nowNanos));
    }

    /** {@link #await} for a room send: the same message is the same id, room and text. */
    synchronized boolean awaitInRoom(String id, String ref, String room, String text, long nowNanos) {
        return await(new Awaited(id, ref, null, room, text, nowNanos));
    }

    private boolean await(Awaited send) {
        Awaited first = byId.get(send.id());
        if (first == null) {
            first = inKafka.get(send.id());
            boolean same = first != null && first.sameMessage(send);
            byId.put(send.id(), same ? first.waitingSince(send.sinceNanos()) : send);
            return !same;
        }
        return !first.sameMessage(send); // another text under a waiting ref: written, to be refused
    }

    /** Kafka has the send's copy: a resend of it is not written again while its answer is awaited. */
    synchronized void inKafka(String id) {
        Awaited awaited = byId.get(id);
        if (awaited != null) {
            inKafka.put(id, awaited);
        }
    }

    /** The send the answer is for, now answered; null if it was answered already or is not this socket's. */
    synchronized Awaited answered(String id) {
        inKafka.remove(id);
        return byId.remove(id);
    }

    /** A send Kafka refused: answered now, and a resend is written again. */
    synchronized Awaited refused(String id) {
        inKafka.remove(id);
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
