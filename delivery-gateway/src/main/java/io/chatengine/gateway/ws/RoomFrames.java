package io.chatengine.gateway.ws;

import io.chatengine.common.ErrorCode;
import io.chatengine.common.RoomIds;
import io.chatengine.common.protocol.Disconnect;
import io.chatengine.common.protocol.Frames;
import io.chatengine.common.users.Accounts;
import io.chatengine.gateway.publish.RoomRecords;
import io.chatengine.schemas.avro.RoomSend;
import io.chatengine.schemas.avro.Signal;
import io.chatengine.schemas.avro.SignalKind;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;

/**
 * What a socket's room, typing and read frames do (SocketHandler hands them here): subscriptions through
 * {@link RoomInterests}, room messages to room-sends (answered from the room's processor, as direct sends are
 * from the sender's inbox), typing and reads to room-signals or user-signals. Runs on the socket's I/O thread;
 * every Kafka write completes through a callback.
 */
final class RoomFrames {
    private final String gateway;
    private final Accounts users;
    private final RoomRecords records;
    private final RoomInterests interests;
    private final Counter accepted;

    RoomFrames(String gateway, Accounts users, RoomRecords records, RoomInterests interests, MeterRegistry metrics) {
        this.gateway = gateway;
        this.users = users;
        this.records = records;
        this.interests = interests;
        this.accepted = metrics.counter("chat.room.messages.accepted");
    }

    /** Acts on a room, typing or read frame; a refusal is thrown, to be answered as any other. */
    void handle(Connection connection, ClientFrame frame) throws FrameError {
        if (frame instanceof ClientFrame.Subscribe subscribe) {
            subscribe(connection, subscribe);
        } else if (frame instanceof ClientFrame.Unsubscribe unsubscribe) {
            unsubscribe.rooms().forEach(room -> interests.unsubscribe(connection, room));
            connection.send(Frames.unsubscribed(unsubscribe.rooms()));
        } else if (frame instanceof ClientFrame.RoomSend send) {
            send(connection, send);
        } else if (frame instanceof ClientFrame.Typing typing) {
            typing(connection, typing);
        } else if (frame instanceof ClientFrame.Read read) {
            read(connection, read);
        } else {
            throw new IllegalArgumentException("not a room frame: " + frame);
        }
    }

    /**
     * The deactivated user's socket is refused and closed (the account's end closes it too, but a frame may come
     * before): true if it was.
     */
    static boolean closedIfDeactivated(Accounts users, Connection connection, String ref) {
        if (users.status(connection.user()) == Accounts.Status.ACTIVE) {
            return false;
        }
        connection.send(Frames.error(ref, ErrorCode.FORBIDDEN, "the user is deactivated"));
        connection.close(Disconnect.USER_DEACTIVATED);
        return true;
    }

    /**
     * All of the frame's rooms or none: a socket holds at most {@link RoomSubscriptions#MAX_ROOMS_PER_SOCKET}.
     * Limited as watch frames are: one frame of a thousand rooms is a thousand records and pages.
     */
    private void subscribe(Connection connection, ClientFrame.Subscribe subscribe) throws FrameError {
        if (!connection.admitWatch(System.nanoTime())) {
            throw new FrameError(ErrorCode.RATE_LIMITED, subscribe.ref(), "too many subscribe frames; slow down");
        }
        if (!interests.fits(connection, subscribe.rooms().keySet())) {
            throw new FrameError(ErrorCode.BAD_REQUEST, subscribe.ref(), "a connection subscribes to at most "
                    + RoomSubscriptions.MAX_ROOMS_PER_SOCKET + " rooms");
        }
        subscribe.rooms().forEach((room, since) -> interests.subscribe(connection, room, since, subscribe.ref()));
    }

    /**
     * Hands the message to room-sends, keyed by room; the room's processor decides it (member, open, ref) and
     * answers the sending socket. Kafka's refusal, or an answer later than 9 s, is answered {@code unavailable}
     * here, as for direct sends.
     */
    private void send(Connection connection, ClientFrame.RoomSend send) throws FrameError {
        if (closedIfDeactivated(users, connection, send.ref())) {
            return;
        }
        if (!connection.admitSend(System.nanoTime())) {
            throw new FrameError(ErrorCode.RATE_LIMITED, send.ref(), "too many messages; slow down");
        }
        String id = RoomIds.messageId(connection.user(), send.room(), send.ref());
        if (!connection.answers().awaitInRoom(id, send.ref(), send.room(), send.text(), System.nanoTime())) {
            return; // the same message is in Kafka or on its way: its answer serves this resend too
        }
        RoomSend message = new RoomSend(id, send.room(), connection.user(), send.ref(), send.text(), Instant.now(),
                gateway, connection.id());
        connection.awaitAnswerOnceWritten(id, records.roomSend(message), accepted::increment);
    }

    /** Typing is forwarded at most once per 2 s per conversation; the rest is dropped without a word. */
    private void typing(Connection connection, ClientFrame.Typing typing) throws FrameError {
        if (closedIfDeactivated(users, connection, typing.ref())) {
            return;
        }
        if (typing.to() != null && users.status(typing.to()) != Accounts.Status.ACTIVE) {
            throw new FrameError(ErrorCode.UNKNOWN_RECIPIENT, typing.ref(), "no such user: " + typing.to());
        }
        String conversation = typing.room() != null ? TypingThrottle.room(typing.room()) : TypingThrottle.user(typing.to());
        if (!connection.admitTyping(conversation, System.nanoTime())) {
            return;
        }
        Signal signal = signal(connection, SignalKind.TYPING, typing.room(), typing.to(), null);
        if (typing.room() != null) {
            records.roomSignal(signal);
        } else {
            records.userSignal(typing.to(), signal); // the recipient's processor sends it to the recipient's sockets
        }
    }

    /**
     * A read goes to the room's processor, or to the reader's (which keeps it and tells the peer); one Kafka did
     * not take is answered {@code unavailable}. A typing frame Kafka did not take is no loss: the next replaces it.
     */
    private void read(Connection connection, ClientFrame.Read read) throws FrameError {
        if (closedIfDeactivated(users, connection, read.ref())) {
            return;
        }
        if (!connection.admitRead(System.nanoTime())) {
            throw new FrameError(ErrorCode.RATE_LIMITED, read.ref(), "too many read frames; slow down");
        }
        Signal signal = signal(connection, SignalKind.READ, read.room(), read.with(), read.seq());
        CompletableFuture<Void> written = read.room() != null ? records.roomSignal(signal)
                : records.userSignal(connection.user(), signal);
        written.whenComplete((done, error) -> {
            if (error != null) { // kept nowhere: the client tells it again
                connection.send(Frames.error(read.ref(), read.room(), ErrorCode.UNAVAILABLE,
                        "the read was not accepted; send it again"));
            }
        });
    }

    private Signal signal(Connection connection, SignalKind kind, String room, String to, Long seq) {
        return new Signal(kind, connection.user(), room, to, seq, null, gateway, connection.id(), Instant.now());
    }
}
