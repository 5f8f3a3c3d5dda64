package io.chatengine.gateway.ws;

import io.chatengine.common.ErrorCode;
import io.chatengine.common.protocol.Frames;
import io.chatengine.gateway.publish.RoomRecords;
import io.chatengine.schemas.avro.InterestKind;
import io.chatengine.schemas.avro.RoomInterest;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This gateway's interest in rooms as the rooms' processors see it: each subscribe is a SUBSCRIBE on
 * room-interest (the processor answers with a catch-up page), and a room whose last local socket left is
 * withdrawn. A change of {@link RoomSubscriptions} and the record that tells it are made under one lock, so the
 * records of a room are written in the order of the changes: a WITHDRAW never overtakes the SUBSCRIBE of a
 * socket that came meanwhile. Handing a record to the {@link RoomRecords} never blocks.
 */
public final class RoomInterests {
    private static final Logger LOG = LoggerFactory.getLogger(RoomInterests.class);
    private final RoomSubscriptions<Connection> subscriptions = new RoomSubscriptions<>();
    private final String gateway;
    private final long epoch;
    private final RoomRecords records;

    /** @param epoch this gateway's start, as in its heartbeats */
    public RoomInterests(String gateway, long epoch, RoomRecords records) {
        this.gateway = gateway;
        this.epoch = epoch;
        this.records = records;
    }

    /** Whether the socket can subscribe to all these rooms within {@link RoomSubscriptions#MAX_ROOMS_PER_SOCKET}. */
    boolean fits(Connection connection, Collection<String> rooms) {
        return subscriptions.fits(connection, rooms);
    }

    /**
     * Subscribes the socket to the room from what the client holds; a room it is subscribed to already is asked
     * again from the seq the socket holds. False when the socket has too many rooms.
     */
    synchronized boolean subscribe(Connection connection, String room, Long since, String ref) {
        RoomSubscriptions.Subscribed subscribed = subscriptions.subscribe(connection, room, since);
        if (subscribed == null) {
            return false;
        }
        ask(connection, room, subscribed.gate(), subscribed.since(), ref);
        return true;
    }

    /**
     * Unsubscribes the socket (the client asked, the room refused it, or its user left the room); the gateway
     * withdraws when it was the room's last socket here.
     */
    synchronized void unsubscribe(Connection connection, String room) {
        leave(connection, room, null);
    }

    /** The socket closed: it leaves all its rooms. */
    synchronized void closed(Connection connection) {
        for (String room : subscriptions.closed(connection)) {
            withdraw(room);
        }
    }

    /**
     * Announces every subscription again, each from the seq its socket holds: the rooms' processors may have
     * dropped this gateway while its heartbeats could not reach Kafka. Live frames wait for the page that answers.
     */
    synchronized void announceAgain() {
        for (RoomSubscriptions.Subscriber<Connection> subscriber : subscriptions.all()) {
            if (subscriber.socket().isOpen()) {
                ask(subscriber.socket(), subscriber.room(), subscriber.gate(), subscriber.gate().again(), null);
            }
        }
    }

    /** Asks for the next page of the socket's catch-up, from the seq it holds, if it still wants the room. */
    synchronized void nextPage(Connection connection, String room, RoomGate gate) {
        if (subscriptions.gate(connection, room) == gate && gate.askingForMore()) {
            ask(connection, room, gate, gate.held(), null);
        }
    }

    List<RoomSubscriptions.Subscriber<Connection>> subscribers(String room) {
        return subscriptions.subscribers(room);
    }

    RoomGate gate(Connection connection, String room) {
        return subscriptions.gate(connection, room);
    }

    /** Rooms with a subscribed socket here. */
    public int rooms() {
        return subscriptions.roomCount();
    }

    private void ask(Connection connection, String room, RoomGate gate, Long since, String ref) {
        records.roomInterest(new RoomInterest(InterestKind.SUBSCRIBE, room, gateway, epoch, connection.id(),
                connection.user(), since, Instant.now())).whenComplete((ok, error) -> {
                    if (error != null) {
                        notAsked(connection, room, gate, ref, error);
                    }
                });
    }

    /**
     * Kafka did not take a SUBSCRIBE: its page never comes, and the socket would wait for it. It is no longer
     * subscribed and is told so; it subscribes again from what it holds.
     */
    private synchronized void notAsked(Connection connection, String room, RoomGate gate, String ref, Throwable error) {
        if (leave(connection, room, gate)) {
            LOG.warn("cannot subscribe connection {} of {} to room {}: {}", connection.id(), connection.user(), room,
                    error.toString());
            connection.send(Frames.error(ref, room, ErrorCode.UNAVAILABLE,
                    "the subscription was not accepted; subscribe again"));
        }
    }

    /** Unsubscribes (only with {@code gate}, unless null); true when the socket was subscribed. */
    private boolean leave(Connection connection, String room, RoomGate gate) {
        RoomSubscriptions.Left left = subscriptions.unsubscribe(connection, room, gate);
        if (left == RoomSubscriptions.Left.LAST) {
            withdraw(room);
        }
        return left != RoomSubscriptions.Left.NOT_SUBSCRIBED;
    }

    private void withdraw(String room) {
        records.roomInterest(new RoomInterest(InterestKind.WITHDRAW, room, gateway, epoch, null, null, null,
                Instant.now())).whenComplete((ok, error) -> {
                    if (error != null) {
                        LOG.warn("cannot withdraw from room {}: {}", room, error.toString());
                    }
                });
    }
}
