package io.chatengine.gateway.auth;

import io.chatengine.common.ErrorCode;
import io.chatengine.common.auth.Bearer;
import io.chatengine.common.auth.JwtVerifier;
import io.chatengine.common.auth.Principal;
import io.chatengine.common.auth.TokenRejected;
import io.chatengine.common.http.AllowedOrigins;
import io.chatengine.common.http.HttpJson;
import io.chatengine.common.ops.RefusalLog;
import io.chatengine.common.users.Accounts;
import io.chatengine.gateway.ws.SocketHandler;
import io.micrometer.core.instrument.MeterRegistry;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.time.Duration;
import java.util.Deque;
import java.util.function.BooleanSupplier;
import java.util.function.ToIntFunction;
import org.slf4j.LoggerFactory;

/**
 * Decides, before the WebSocket upgrade, whether a connection may open: not too many handshakes from the client's
 * address, an allowed {@code Origin} (or none), a valid token of an active user and a sound {@code since}.
 * Refusals are an HTTP status with a JSON body; the reason is logged, the client gets a code.
 */
public final class Handshake implements HttpHandler {
    /** How long a handshake waits for a user created a moment ago to reach this gateway's read model. */
    static final Duration NEW_USER_WAIT = Duration.ofSeconds(2);
    private static final RefusalLog REFUSALS = new RefusalLog(LoggerFactory.getLogger(Handshake.class));
    private final JwtVerifier verifier;
    private final Accounts users;
    private final BooleanSupplier accepting;
    private final HttpHandler upgrade;
    private final MeterRegistry metrics;
    private final ToIntFunction<String> socketsOf;
    private final int maxSocketsPerUser;
    private final AddressRate handshakes;
    private final AllowedOrigins origins;

    /**
     * @param socketsOf         how many sockets a user holds on this gateway
     * @param maxSocketsPerUser the most a user may hold: the next handshake is refused
     * @param handshakes        handshakes allowed per client address
     * @param origins           the web origins whose pages may connect
     */
    public Handshake(JwtVerifier verifier, Accounts users, BooleanSupplier accepting, HttpHandler upgrade,
                     MeterRegistry metrics, ToIntFunction<String> socketsOf, int maxSocketsPerUser,
                     AddressRate handshakes, AllowedOrigins origins) {
        this.verifier = verifier;
        this.users = users;
        this.accepting = accepting;
        this.upgrade = upgrade;
        this.metrics = metrics;
        this.socketsOf = socketsOf;
        this.maxSocketsPerUser = maxSocketsPerUser;
        this.handshakes = handshakes;
        this.origins = origins;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        if (!accepting.getAsBoolean()) {
            refuse(exchange, ErrorCode.UNAVAILABLE, "the gateway is not accepting connections", "not accepting");
            return;
        }
        if (!handshakes.tryAcquire(exchange.getSourceAddress(), System.nanoTime())) {
            refuse(exchange, ErrorCode.RATE_LIMITED, "too many handshakes from this address; retry in a second",
                    "handshake rate");
            return;
        }
        if (!origins.allows(exchange)) {
            refuse(exchange, ErrorCode.FORBIDDEN_ORIGIN, "pages of this origin may not connect",
                    "origin " + AllowedOrigins.origin(exchange));
            return;
        }
        admit(exchange);
    }

    /** The checks of who connects, which may wait for the users read model on a worker thread. */
    private void admit(HttpServerExchange exchange) throws Exception {
        Principal principal;
        try {
            principal = verifier.verify(Bearer.token(exchange));
        } catch (TokenRejected rejected) {
            refuse(exchange, rejected.expired() ? ErrorCode.TOKEN_EXPIRED : ErrorCode.INVALID_TOKEN,
                    rejected.expired() ? "the token has expired" : "the token is not valid", rejected.getMessage());
            return;
        }
        Long since;
        try {
            since = since(exchange);
        } catch (NumberFormatException e) {
            refuse(exchange, ErrorCode.BAD_REQUEST, "since must be a non-negative whole number", "bad since");
            return;
        }
        Accounts.Status status = users.status(principal.subject());
        if (status == Accounts.Status.UNKNOWN) {
            if (exchange.isInIoThread()) {
                exchange.dispatch(this::admit);
                return;
            }
            status = users.awaitKnown(principal.subject(), NEW_USER_WAIT);
        }
        if (status != Accounts.Status.ACTIVE) {
            refuse(exchange, ErrorCode.UNKNOWN_USER, "no such active user",
                    "user " + principal.subject() + " is " + status.name().toLowerCase());
            return;
        }
        if (socketsOf.applyAsInt(principal.subject()) >= maxSocketsPerUser) {
            refuse(exchange, ErrorCode.TOO_MANY_CONNECTIONS, "at most " + maxSocketsPerUser
                    + " sockets per user on this gateway", "user " + principal.subject() + " holds too many sockets");
            return;
        }
        exchange.putAttachment(SocketHandler.PRINCIPAL, principal);
        if (since != null) {
            exchange.putAttachment(SocketHandler.SINCE, since);
        }
        upgrade.handleRequest(exchange);
    }

    private static Long since(HttpServerExchange exchange) {
        Deque<String> values = exchange.getQueryParameters().get("since");
        if (values == null || values.isEmpty() || values.getFirst().isEmpty()) {
            return null;
        }
        long since = Long.parseLong(values.getFirst());
        if (since < 0) {
            throw new NumberFormatException("negative");
        }
        return since;
    }

    private void refuse(HttpServerExchange exchange, ErrorCode code, String message, String reason) {
        REFUSALS.refused(code.code(), "connection from " + exchange.getSourceAddress() + ": " + reason);
        metrics.counter("chat.connections.refused", "reason", code.code()).increment();
        HttpJson.error(exchange, code, message);
    }
}
