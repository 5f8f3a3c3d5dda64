package io.chatengine.gateway.ws;

import io.chatengine.common.auth.JwtVerifier;
import io.chatengine.common.auth.Principal;
import io.chatengine.common.ops.RefusalLog;
import io.chatengine.common.protocol.Disconnect;
import io.chatengine.common.protocol.Frames;
import io.chatengine.gateway.config.GatewayConfig;
import io.chatengine.gateway.presence.PresenceView;
import io.chatengine.gateway.publish.Publisher;
import io.chatengine.gateway.publish.RoomRecords;
import io.chatengine.common.users.Accounts;
import io.chatengine.schemas.avro.ConnectionEvent;
import io.chatengine.schemas.avro.ConnectionKind;
import io.chatengine.schemas.avro.MessageSent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.undertow.util.AttachmentKey;
import io.undertow.websockets.WebSocketConnectionCallback;
import io.undertow.websockets.core.AbstractReceiveListener;
import io.undertow.websockets.core.BufferedBinaryMessage;
import io.undertow.websockets.core.BufferedTextMessage;
import io.undertow.websockets.core.StreamSourceFrameChannel;
import io.undertow.websockets.core.WebSocketCallback;
import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.spi.WebSocketHttpExchange;
import java.io.IOException;
import java.io.UnsupportedEncodingException;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The life of a socket after the upgrade: it is registered, announced to Kafka (the welcome comes back from
 * presence-stream, and only then are the client's frames read), its frames are read, parsed and handed to
 * {@link DirectFrames} or {@link RoomFrames}, what they refuse is answered (and a socket that errs too often
 * closed), and its close is announced. Runs on I/O threads and never blocks them: Kafka sends complete through
 * callbacks.
 */
public final class SocketHandler implements WebSocketConnectionCallback {
    /** Set by the handshake: who connects and from which seq they resume. */
    public static final AttachmentKey<Principal> PRINCIPAL = AttachmentKey.create(Principal.class);
    public static final AttachmentKey<Long> SINCE = AttachmentKey.create(Long.class);
    private static final Logger LOG = LoggerFactory.getLogger(SocketHandler.class);
    /** What clients do wrong, logged at most once a second per kind: a client cannot flood the log. */
    private static final RefusalLog REFUSALS = new RefusalLog(LOG);

    private final GatewayConfig config;
    private final long epoch;
    private final Connections connections;
    private final Accounts users;
    private final PresenceView presence;
    private final Records records;
    private final JwtVerifier verifier;
    private final AtomicLong ids = new AtomicLong();
    private final Counter framesIn;
    private final Counter framesOut;
    private final RoomInterests rooms;
    private final DirectFrames directFrames;
    private final RoomFrames roomFrames;

    /**
     * What the sockets write to Kafka: their announcements, their direct sends and their rooms' records. The
     * gateway's {@link Publisher} writes them all ({@link #of}); a test records them.
     */
    record Records(Function<ConnectionEvent, CompletableFuture<Void>> connections,
                   Function<MessageSent, CompletableFuture<Void>> messages, RoomRecords rooms) {
        static Records of(Publisher publisher) {
            return new Records(publisher::connection, publisher::message, publisher);
        }

        CompletableFuture<Void> connection(ConnectionEvent event) {
            return connections.apply(event);
        }

        CompletableFuture<Void> message(MessageSent message) {
            return messages.apply(message);
        }
    }

    public SocketHandler(GatewayConfig config, long epoch, Connections connections, Accounts users,
                         PresenceView presence, Publisher publisher, RoomInterests rooms, JwtVerifier verifier,
                         MeterRegistry metrics) {
        this(config, epoch, connections, users, presence, Records.of(publisher), rooms, verifier, metrics);
    }

    SocketHandler(GatewayConfig config, long epoch, Connections connections, Accounts users, PresenceView presence,
                  Records records, RoomInterests rooms, JwtVerifier verifier, MeterRegistry metrics) {
        this.config = config;
        this.epoch = epoch;
        this.connections = connections;
        this.users = users;
        this.presence = presence;
        this.records = records;
        this.verifier = verifier;
        this.framesIn = metrics.counter("chat.frames.in");
        this.framesOut = metrics.counter("chat.frames.out");
        this.rooms = rooms;
        this.directFrames = new DirectFrames(config.service().instanceId(), users, presence, records::message, verifier,
                this::refuse, metrics);
        this.roomFrames = new RoomFrames(config.service().instanceId(), users, records.rooms(), rooms, metrics);
        metrics.gauge("chat.connections.open", connections, Connections::size);
    }

    @Override
    public void onConnect(WebSocketHttpExchange exchange, WebSocketChannel channel) {
        Principal principal = exchange.getAttachment(PRINCIPAL);
        Long since = exchange.getAttachment(SINCE);
        String id = Long.toString(epoch, 36) + "-" + Long.toString(ids.incrementAndGet(), 36);
        long now = System.nanoTime();
        Connection connection = new Connection(id, principal.subject(), channel, since, principal.expiresAtMillis(),
                config.outboundBytes(), new RateLimiter(config.ratePerSecond(), 2 * config.ratePerSecond(), now),
                new RateLimiter(config.watchPerSecond(), 2 * config.watchPerSecond(), now),
                new ErrorWindow(config.maxErrors()), framesOut::increment, this::announce);
        connections.add(connection);
        channel.addCloseTask(ch -> closed(connection));
        if (users.status(connection.user()) != Accounts.Status.ACTIVE) {
            // deactivated between the handshake's check and this registration: closeDeactivated missed it
            connection.close(Disconnect.USER_DEACTIVATED);
            return;
        }
        channel.getReceiveSetter().set(new Receiver(connection)); // reads start with the welcome (Connection.deliver)
        announce(connection, since);
    }

    /**
     * Announces open connections again, each resuming from the seq it holds, and their room subscriptions, each
     * from the room seq it holds: presence-stream may have dropped them while this gateway's heartbeats could not
     * reach Kafka. A connection it still knew gets nothing twice ({@link DeliveryGate}, {@link RoomGate}); one it
     * had dropped is live again and gets what it missed.
     */
    public void announceAgain(Iterable<Connection> open) {
        for (Connection connection : open) {
            announce(connection);
        }
        rooms.announceAgain();
    }

    /** Announces the connection again from the seq it holds: it gets what it does not have yet. */
    private void announce(Connection connection) {
        if (connection.isOpen()) {
            announce(connection, connection.held());
        }
    }

    /**
     * Tells presence-stream the connection is open here and resumes from {@code since}. If Kafka does not take it,
     * presence-stream does not know the socket (a new one, or one it dropped while this gateway's heartbeats could
     * not reach Kafka) and would never route it a frame: the socket is closed, and the client reconnects and
     * resumes from the seq it holds.
     */
    private void announce(Connection connection, Long since) {
        records.connection(event(ConnectionKind.OPENED, connection, since)).whenComplete((ok, error) -> {
            if (error != null) {
                LOG.warn("cannot announce connection {} of {}: {}", connection.id(), connection.user(),
                        error.toString());
                connection.close(Disconnect.NOT_ANNOUNCED);
            }
        });
    }

    private void closed(Connection connection) {
        presence.unwatch(connection);
        rooms.closed(connection);
        connections.remove(connection);
        records.connection(event(ConnectionKind.CLOSED, connection, null));
    }

    private ConnectionEvent event(ConnectionKind kind, Connection connection, Long since) {
        return new ConnectionEvent(kind, connection.user(), config.service().instanceId(), epoch, connection.id(), since,
                Instant.now());
    }

    private void handle(Connection connection, String text) {
        framesIn.increment();
        connection.heard();
        try {
            ClientFrame frame = ClientFrames.parse(text);
            if (!directFrames.handle(connection, frame)) {
                roomFrames.handle(connection, frame);
            }
        } catch (FrameError error) {
            refuse(connection, error);
        }
    }

    private void refuse(Connection connection, FrameError error) {
        connection.send(Frames.error(error.ref(), error.code(), error.getMessage()));
        if (connection.recordError(System.nanoTime())) {
            REFUSALS.refused("too_many_errors", "closing connection " + connection.id() + " of " + connection.user());
            connection.close(Disconnect.TOO_MANY_ERRORS);
        }
    }

    /** Reads one socket's frames: text up to the size limit, nothing binary. */
    private final class Receiver extends AbstractReceiveListener {
        private final Connection connection;

        Receiver(Connection connection) {
            this.connection = connection;
        }

        @Override
        protected void onText(WebSocketChannel channel, StreamSourceFrameChannel frame) {
            BufferedTextMessage message = new BufferedTextMessage(config.maxFrameBytes(), true);
            message.read(frame, new WebSocketCallback<>() {
                @Override
                public void complete(WebSocketChannel ch, BufferedTextMessage context) {
                    handle(connection, context.getData());
                }

                @Override
                public void onError(WebSocketChannel ch, BufferedTextMessage context, Throwable error) {
                    Disconnect why = error instanceof UnsupportedEncodingException
                            ? Disconnect.TEXT_NOT_UTF8 : Disconnect.FRAME_TOO_LARGE;
                    REFUSALS.refused(why.name().toLowerCase(Locale.ROOT), "closing connection " + connection.id()
                            + " of " + connection.user() + ": " + error.getMessage());
                    connection.close(why);
                }
            });
        }

        @Override
        protected void onBinary(WebSocketChannel channel, StreamSourceFrameChannel frame) throws IOException {
            frame.close();
            REFUSALS.refused("binary_frame", "closing connection " + connection.id() + " of " + connection.user());
            connection.close(Disconnect.BINARY_FRAME);
        }

        @Override
        protected void onFullPongMessage(WebSocketChannel channel, BufferedBinaryMessage message) {
            message.getData().free();
            connection.heard();
        }
    }
}
