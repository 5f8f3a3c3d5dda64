package io.chatengine.gateway.ws;

import io.chatengine.common.ErrorCode;
import io.chatengine.common.auth.JwtVerifier;
import io.chatengine.common.auth.Principal;
import io.chatengine.common.auth.TokenRejected;
import io.chatengine.common.ops.RefusalLog;
import io.chatengine.common.protocol.Frames;
import io.chatengine.common.protocol.MessageIds;
import io.chatengine.common.users.Accounts;
import io.chatengine.gateway.presence.PresenceView;
import io.chatengine.schemas.avro.MessageCopy;
import io.chatengine.schemas.avro.MessageSent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a socket asks outside rooms: a direct message (validated, then its sender's copy handed to Kafka), a watch
 * of other users' presence, and a fresh token. Runs on the socket's I/O thread and never blocks it; a token whose
 * keys must be fetched is checked on the socket's worker.
 */
final class DirectFrames {
    private static final Logger LOG = LoggerFactory.getLogger(DirectFrames.class);
    private static final RefusalLog REFUSALS = new RefusalLog(LOG);
    private final String gateway;
    private final Accounts users;
    private final PresenceView presence;
    private final Function<MessageSent, CompletableFuture<Void>> messages;
    private final JwtVerifier verifier;
    private final BiConsumer<Connection, FrameError> refuse;
    private final Counter accepted;

    /** {@code refuse} answers an error found after the frame's own turn (a refresh checked on a worker). */
    DirectFrames(String gateway, Accounts users, PresenceView presence,
                 Function<MessageSent, CompletableFuture<Void>> messages, JwtVerifier verifier,
                 BiConsumer<Connection, FrameError> refuse, MeterRegistry metrics) {
        this.gateway = gateway;
        this.users = users;
        this.presence = presence;
        this.messages = messages;
        this.verifier = verifier;
        this.refuse = refuse;
        this.accepted = metrics.counter("chat.messages.accepted");
    }

    /** Acts on the frame if it is one of these; false if it is not (a room frame). */
    boolean handle(Connection connection, ClientFrame frame) throws FrameError {
        if (frame instanceof ClientFrame.Send send) {
            send(connection, send);
        } else if (frame instanceof ClientFrame.Watch watch) {
            if (!connection.admitWatch(System.nanoTime())) {
                throw new FrameError(ErrorCode.RATE_LIMITED, null, "too many watch frames; slow down");
            }
            presence.watch(connection, watch.users());
        } else if (frame instanceof ClientFrame.Refresh refresh) {
            if (!connection.admitWatch(System.nanoTime())) {
                throw new FrameError(ErrorCode.RATE_LIMITED, refresh.ref(), "too many refresh frames; slow down");
            }
            if (verifier.mayFetchKeys(refresh.token())) {
                connection.worker().execute(() -> refresh(connection, refresh)); // never wait on an I/O thread
            } else {
                refresh(connection, refresh);
            }
        } else {
            return false;
        }
        return true;
    }

    private void send(Connection connection, ClientFrame.Send send) throws FrameError {
        if (RoomFrames.closedIfDeactivated(users, connection, send.ref())) {
            return;
        }
        if (!connection.admitSend(System.nanoTime())) {
            throw new FrameError(ErrorCode.RATE_LIMITED, send.ref(), "too many messages; slow down");
        }
        if (users.status(send.to()) != Accounts.Status.ACTIVE) {
            throw new FrameError(ErrorCode.UNKNOWN_RECIPIENT, send.ref(), "no such user: " + send.to());
        }
        publish(connection, send);
    }

    /**
     * Hands the sender's copy to Kafka. Its answer comes from the sender's inbox through presence-stream
     * ({@link DeliveryWriter}); only a send Kafka refused is answered here, and one whose answer is late by the
     * sweep ({@link ConnectionSweep}).
     */
    private void publish(Connection connection, ClientFrame.Send send) {
        MessageSent message = new MessageSent(MessageIds.of(connection.user(), send.ref()), connection.user(),
                send.to(), send.ref(), send.text(), Instant.now(), gateway, connection.id(), MessageCopy.SENDER);
        if (!connection.answers().await(message.getId(), send.ref(), send.to(), send.text(), System.nanoTime())) {
            return; // the same message is in Kafka or on its way: its answer serves this resend too
        }
        connection.awaitAnswerOnceWritten(message.getId(), messages.apply(message), accepted::increment);
    }

    /** A valid token of the connection's own user moves its expiry; any other leaves it as it was. */
    private void refresh(Connection connection, ClientFrame.Refresh refresh) {
        Principal principal;
        try {
            principal = verifier.verify(refresh.token());
        } catch (TokenRejected rejected) {
            REFUSALS.refused("refresh_rejected", "connection " + connection.id() + " of " + connection.user() + ": "
                    + rejected.getMessage());
            refuse.accept(connection, new FrameError(rejected.expired() ? ErrorCode.TOKEN_EXPIRED
                    : ErrorCode.INVALID_TOKEN, refresh.ref(), rejected.expired() ? "the token has expired"
                    : "the token is not valid"));
            return;
        }
        if (!principal.subject().equals(connection.user())) {
            refuse.accept(connection, new FrameError(ErrorCode.FORBIDDEN, refresh.ref(),
                    "the token is for another user"));
            return;
        }
        connection.refreshed(principal.expiresAtMillis());
        connection.send(Frames.refreshed(refresh.ref(), principal.expiresAtMillis()));
    }
}
