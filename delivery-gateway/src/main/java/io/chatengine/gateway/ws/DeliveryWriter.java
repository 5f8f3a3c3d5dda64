package io.chatengine.gateway.ws;

import io.chatengine.common.protocol.Frames;
import io.chatengine.schemas.avro.Delivery;
import io.chatengine.schemas.avro.SequencedFrame;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Writes the frames presence-stream routed to this gateway to the sockets they name, in order: a user's
 * deliveries to that user's connections, a room's (keyed by room, {@code room} set) by their
 * {@code roomDelivery}: a BROADCAST to every socket here subscribed to the room, a PAGE and a REFUSED to the
 * sockets that subscribed, a DIRECT to the sockets named. Runs on one thread, the delivery topic's follower.
 */
public final class DeliveryWriter {
    private final Connections connections;
    private final RoomInterests rooms;
    private final Counter delivered;
    private final Timer latency;
    private final Timer answerLatency;

    public DeliveryWriter(Connections connections, RoomInterests rooms, MeterRegistry metrics) {
        this.connections = connections;
        this.rooms = rooms;
        this.delivered = Counter.builder("chat.messages.delivered")
                .description("frames from presence-stream handed to a socket of this gateway").register(metrics);
        this.latency = Timer.builder("chat.delivery.latency")
                .description("from presence-stream routing a frame to this gateway writing it to the socket")
                .publishPercentileHistogram().register(metrics);
        this.answerLatency = Timer.builder("chat.send.ack.latency")
                .description("from a send frame to its answer from the sender's inbox")
                .publishPercentileHistogram().register(metrics);
    }

    public void write(ConsumerRecord<String, Delivery> record) {
        Delivery delivery = record.value();
        if (delivery.getRoom() == null) {
            writeToUser(delivery);
        } else if (delivery.getRoomDelivery() != null) {
            switch (delivery.getRoomDelivery()) {
                case BROADCAST -> broadcast(delivery);
                case PAGE -> page(delivery);
                case REFUSED -> refused(delivery);
                case DIRECT -> direct(delivery);
            }
        }
        latency.record(Math.max(0, System.currentTimeMillis() - record.timestamp()), TimeUnit.MILLISECONDS);
    }

    private void writeToUser(Delivery delivery) {
        // a welcome's seq is the inbox's latest, which a new socket holds from then on. Upgrade shim, goes after
        // 0.1.0: a welcome of Delivery v3 (presence-stream builds before 2026-11-26, commit 2434680, never a
        // release) has it only in its frame. Gateways read their topic from its end, so such a welcome comes only
        // from an older presence-stream beside this gateway during a rolling upgrade from such a build.
        Long seq = delivery.getWelcome() && delivery.getSeq() == null
                ? Long.valueOf(Frames.welcomeSeq(delivery.getFrame())) : delivery.getSeq();
        for (String id : delivery.getConnections()) {
            Connection connection = connections.get(id);
            if (connection != null) {
                answered(connection, delivery);
                connection.deliver(delivery.getFrame(), seq,
                        delivery.getWelcome() ? DeliveryGate.Kind.WELCOME : DeliveryGate.Kind.LIVE);
                DeliveryGate.Kind then = delivery.getWelcome() ? DeliveryGate.Kind.BACKLOG : DeliveryGate.Kind.LIVE;
                delivery.getThen().forEach(frame -> connection.deliver(frame.getFrame(), frame.getSeq(), then));
                if (delivery.getWelcome()) {
                    connection.paged(delivery.getMore());
                }
                delivered.increment(1 + delivery.getThen().size());
            }
        }
    }

    /**
     * A room frame (or a signal, without a seq) for every socket here subscribed to the room whose gate admits
     * it: the author's sockets get the author's rendering, the {@code except} user's sockets nothing. The send's
     * answer goes first, to the sending socket. After a frame that removes a member, that member's sockets are
     * no longer subscribed.
     */
    private void broadcast(Delivery delivery) {
        String room = delivery.getRoom();
        if (delivery.getAnswerFrame() != null) {
            for (String id : delivery.getConnections()) {
                Connection connection = connections.get(id);
                if (connection != null) {
                    answered(connection, delivery);
                    connection.send(delivery.getAnswerFrame());
                    delivered.increment();
                }
            }
        }
        String author = delivery.getAuthor();
        for (RoomSubscriptions.Subscriber<Connection> subscriber : rooms.subscribers(room)) {
            Connection connection = subscriber.socket();
            if (connection.user().equals(delivery.getExcept())
                    || !subscriber.gate().admit(delivery.getSeq(), RoomGate.Kind.LIVE)) {
                continue;
            }
            boolean authors = author != null && delivery.getAuthorFrame() != null && connection.user().equals(author);
            connection.send(authors ? delivery.getAuthorFrame() : delivery.getFrame());
            delivered.increment();
        }
        if (delivery.getRemoves() != null) {
            for (RoomSubscriptions.Subscriber<Connection> subscriber : rooms.subscribers(room)) {
                if (subscriber.socket().user().equals(delivery.getRemoves())) {
                    rooms.unsubscribe(subscriber.socket(), room);
                }
            }
        }
    }

    /**
     * A subscribe's catch-up for the sockets that asked, if they are still subscribed: its frames through their
     * gates, then, on the last page, the {@code subscribed} frame, after which they are live; a page with more
     * after it asks for the next once it is written, from the seq the socket then holds.
     */
    private void page(Delivery delivery) {
        String room = delivery.getRoom();
        for (String id : delivery.getConnections()) {
            Connection connection = connections.get(id);
            RoomGate gate = connection == null ? null : rooms.gate(connection, room);
            if (gate == null) {
                continue;
            }
            for (SequencedFrame frame : delivery.getThen()) {
                if (gate.admit(frame.getSeq(), RoomGate.Kind.PAGE)) {
                    connection.send(frame.getFrame());
                    delivered.increment();
                }
            }
            if (!delivery.getMore()) {
                gate.paged(false, delivery.getSeq());
                connection.send(delivery.getFrame());
            } else if (gate.paged(true, null)) {
                connection.afterWritten(() -> rooms.nextPage(connection, room, gate));
            }
        }
    }

    /** A subscribe the room refused (not a member, no such room): the error, and the socket is not subscribed. */
    private void refused(Delivery delivery) {
        for (String id : delivery.getConnections()) {
            Connection connection = connections.get(id);
            if (connection != null) {
                rooms.unsubscribe(connection, delivery.getRoom());
                connection.send(delivery.getFrame());
            }
        }
    }

    /** A frame for the sockets named only: a room send's answer or error. */
    private void direct(Delivery delivery) {
        for (String id : delivery.getConnections()) {
            Connection connection = connections.get(id);
            if (connection != null) {
                answered(connection, delivery);
                connection.send(delivery.getFrame());
                delivered.increment();
            }
        }
    }

    /** The delivery answers a send of this socket: it waits no more, and how long it waited is measured. */
    private void answered(Connection connection, Delivery delivery) {
        if (delivery.getAnswers() != null) {
            AwaitedAnswers.Awaited send = connection.answers().answered(delivery.getAnswers());
            if (send != null) {
                answerLatency.record(System.nanoTime() - send.sinceNanos(), TimeUnit.NANOSECONDS);
            }
        }
    }
}
