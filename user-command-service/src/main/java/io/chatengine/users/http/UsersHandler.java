package io.chatengine.users.http;

import io.chatengine.common.ErrorCode;
import io.chatengine.common.Usernames;
import io.chatengine.common.auth.Principal;
import io.chatengine.common.http.HttpJson;
import io.chatengine.common.protocol.Bodies;
import io.chatengine.schemas.Topics;
import io.chatengine.schemas.avro.UserAction;
import io.chatengine.schemas.avro.UserCommand;
import io.chatengine.schemas.avro.UserOutcome;
import io.chatengine.schemas.avro.UserReply;
import io.chatengine.users.config.UsersConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.RequestTooBigException;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.PathTemplateMatch;
import io.undertow.util.SameThreadExecutor;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * POST /users and DELETE /users/{username}: validate, write the command to Kafka, answer with the decision once
 * it comes back. The I/O thread never waits: the exchange is completed from the reply's callback.
 */
public final class UsersHandler {
    public static final int MAX_BODY_BYTES = NewUser.MAX_BODY_BYTES;
    private static final Logger LOG = LoggerFactory.getLogger(UsersHandler.class);
    private static final HttpString IDEMPOTENCY_KEY = new HttpString("Idempotency-Key");
    private static final HttpString RETRY_AFTER = new HttpString("Retry-After");
    private final UsersConfig config;
    private final Producer<String, UserCommand> producer;
    private final PendingReplies replies;
    private final MeterRegistry metrics;

    public UsersHandler(UsersConfig config, Producer<String, UserCommand> producer,
                        PendingReplies replies, MeterRegistry metrics) {
        this.config = config;
        this.producer = producer;
        this.replies = replies;
        this.metrics = metrics;
    }

    /** {@code POST /users} by an admin. */
    public void create(HttpServerExchange exchange, Principal admin) {
        if (exchange.getRequestContentLength() > MAX_BODY_BYTES) {
            HttpJson.error(exchange, ErrorCode.TOO_LARGE, "the body is over " + MAX_BODY_BYTES + " bytes");
            return;
        }
        exchange.setMaxEntitySize(MAX_BODY_BYTES);
        exchange.getRequestReceiver().receiveFullBytes(
                (ex, body) -> createFrom(ex, admin, body),
                (ex, error) -> HttpJson.error(ex, error instanceof RequestTooBigException ? ErrorCode.TOO_LARGE
                        : ErrorCode.BAD_REQUEST, "the body could not be read (at most " + MAX_BODY_BYTES + " bytes)"));
    }

    private void createFrom(HttpServerExchange exchange, Principal admin, byte[] body) {
        NewUser user;
        try {
            user = NewUser.parse(body);
        } catch (NewUser.Refused refused) {
            HttpJson.error(exchange, refused.code(), refused.getMessage());
            return;
        }
        submit(exchange, UserAction.CREATE, user.username(), user.displayName(), admin);
    }

    /** {@code DELETE /users/{username}} by an admin. */
    public void deactivate(HttpServerExchange exchange, Principal admin) {
        String username = exchange.getAttachment(PathTemplateMatch.ATTACHMENT_KEY).getParameters().get("username");
        if (!Usernames.isValid(username)) {
            HttpJson.error(exchange, ErrorCode.INVALID_USERNAME, "not a valid username");
            return;
        }
        submit(exchange, UserAction.DEACTIVATE, username, null, admin);
    }

    private void submit(HttpServerExchange exchange, UserAction action, String username, String displayName,
                        Principal admin) {
        String key = exchange.getRequestHeaders().getFirst(IDEMPOTENCY_KEY);
        if (key != null && (key.isBlank() || key.length() > 200)) {
            HttpJson.error(exchange, ErrorCode.BAD_REQUEST, "Idempotency-Key must be 1 to 200 characters");
            return;
        }
        String requestId = UUID.randomUUID().toString();
        CompletableFuture<UserReply> reply = replies.expect(requestId,
                Duration.ofMillis(config.requestTimeoutMs()));
        if (reply == null) {
            unavailable(exchange, "too many requests are waiting; retry shortly");
            return;
        }
        UserCommand command = new UserCommand(requestId, config.instanceId(), action, username, displayName, key,
                admin.subject(), Instant.now());
        exchange.dispatch(SameThreadExecutor.INSTANCE, () -> {
            try {
                producer.send(new ProducerRecord<>(Topics.USER_COMMANDS.name(), username, command), (meta, error) -> {
                    if (error != null) {
                        reply.completeExceptionally(error);
                    }
                });
            } catch (RuntimeException e) {
                reply.completeExceptionally(e);
            }
            reply.whenComplete((answer, error) -> exchange.getIoThread().execute(() -> answer(exchange, answer, error)));
        });
    }

    private void answer(HttpServerExchange exchange, UserReply reply, Throwable error) {
        if (error != null) {
            boolean timeout = error instanceof TimeoutException || error.getCause() instanceof TimeoutException;
            LOG.warn("user command not answered: {}", timeout ? "no decision in time" : error.toString());
            unavailable(exchange, timeout ? "the decision did not come in time; retry" : "Kafka is not reachable");
            return;
        }
        metrics.counter("chat.user.commands", "outcome", reply.getOutcome().name().toLowerCase()).increment();
        switch (reply.getOutcome()) {
            case CREATED -> {
                exchange.getResponseHeaders().put(Headers.LOCATION, "/users/" + reply.getUsername());
                HttpJson.sendRendered(exchange, 201, Bodies.created(reply.getUsername(), reply.getDisplayName(),
                        reply.getCreatedAt()));
            }
            case DEACTIVATED -> {
                exchange.setStatusCode(204);
                exchange.endExchange();
            }
            case USERNAME_TAKEN -> HttpJson.error(exchange, ErrorCode.USERNAME_TAKEN,
                    "the username " + reply.getUsername() + " is taken");
            case NOT_FOUND -> HttpJson.error(exchange, ErrorCode.NOT_FOUND, "no such user: " + reply.getUsername());
            case IDEMPOTENCY_MISMATCH -> HttpJson.error(exchange, ErrorCode.IDEMPOTENCY_MISMATCH,
                    "this Idempotency-Key was used for a different request");
            default -> unavailable(exchange, "unexpected decision");
        }
    }

    private static void unavailable(HttpServerExchange exchange, String message) {
        exchange.getResponseHeaders().put(RETRY_AFTER, "1");
        HttpJson.error(exchange, ErrorCode.UNAVAILABLE, message);
    }
}
