package io.chatengine.users.http;

import io.chatengine.common.ErrorCode;
import io.chatengine.common.Usernames;
import io.chatengine.common.auth.Principal;
import io.chatengine.common.http.HttpJson;
import io.chatengine.common.protocol.Bodies;
import io.chatengine.schemas.avro.UserAction;
import io.chatengine.schemas.avro.UserCommand;
import io.chatengine.schemas.avro.UserReply;
import io.micrometer.core.instrument.MeterRegistry;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.PathTemplateMatch;
import java.time.Instant;

/**
 * POST /users and DELETE /users/{username}: validate, write the command to Kafka, answer with the decision once
 * it comes back ({@link CommandSender}).
 */
public final class UsersHandler {
    public static final int MAX_BODY_BYTES = NewUser.MAX_BODY_BYTES;
    private final String instanceId;
    private final CommandSender<UserCommand, UserReply> commands;
    private final MeterRegistry metrics;

    public UsersHandler(String instanceId, CommandSender<UserCommand, UserReply> commands, MeterRegistry metrics) {
        this.instanceId = instanceId;
        this.commands = commands;
        this.metrics = metrics;
    }

    /** {@code POST /users} by an admin. */
    public void create(HttpServerExchange exchange, Principal admin) {
        RequestBody.receive(exchange, MAX_BODY_BYTES, (ex, body) -> createFrom(ex, admin, body));
    }

    private void createFrom(HttpServerExchange exchange, Principal admin, byte[] body) {
        NewUser user;
        try {
            user = NewUser.parse(body);
        } catch (Refused refused) {
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
        commands.submit(exchange, username, (requestId, key) -> new UserCommand(requestId, instanceId, action,
                username, displayName, key, admin.subject(), Instant.now()), this::answer);
    }

    private void answer(HttpServerExchange exchange, UserReply reply) {
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
            default -> HttpJson.unavailable(exchange, "unexpected decision");
        }
    }
}
