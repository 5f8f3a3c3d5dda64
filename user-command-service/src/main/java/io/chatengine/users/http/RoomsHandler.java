package io.chatengine.users.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chatengine.common.ErrorCode;
import io.chatengine.common.RoomIds;
import io.chatengine.common.Usernames;
import io.chatengine.common.auth.Principal;
import io.chatengine.common.http.HttpJson;
import io.chatengine.schemas.avro.RoomAction;
import io.chatengine.schemas.avro.RoomCommand;
import io.chatengine.schemas.avro.RoomReply;
import io.chatengine.users.config.RoomLimits;
import io.micrometer.core.instrument.MeterRegistry;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.PathTemplateMatch;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * POST /rooms, POST /rooms/{room}/members, DELETE /rooms/{room}/members/{user}, DELETE /rooms/{room}, for user
 * and admin tokens: validate, write the command to room-commands, answer with its RoomReply ({@link CommandSender}).
 * Who may do what is the room topology's decision (it knows the room); this side only checks the request's form.
 */
public final class RoomsHandler {
    private final String instanceId;
    private final RoomLimits limits;
    private final CommandSender<RoomCommand, RoomReply> commands;
    private final MeterRegistry metrics;

    public RoomsHandler(String instanceId, RoomLimits limits, CommandSender<RoomCommand, RoomReply> commands,
                        MeterRegistry metrics) {
        this.instanceId = instanceId;
        this.limits = limits;
        this.commands = commands;
        this.metrics = metrics;
    }

    /** {@code POST /rooms}. */
    public void create(HttpServerExchange exchange, Principal caller) {
        RequestBody.receive(exchange, NewRoom.MAX_BODY_BYTES, (ex, body) -> {
            NewRoom room;
            try {
                room = NewRoom.parse(body, caller, limits.maxMembers());
            } catch (Refused refused) {
                HttpJson.error(ex, refused.code(), refused.getMessage());
                return;
            }
            submit(ex, caller, RoomAction.CREATE, room.room(), room.members(), command -> command
                    .setTitle(room.title()).setHistory(room.history()).setOwner(room.owner()));
        });
    }

    /** {@code POST /rooms/{room}/members}. */
    public void add(HttpServerExchange exchange, Principal caller) {
        String room = roomOf(exchange);
        if (room == null) {
            return;
        }
        RequestBody.receive(exchange, NewMembers.MAX_BODY_BYTES, (ex, body) -> {
            NewMembers members;
            try {
                members = NewMembers.parse(body, limits.maxMembers());
            } catch (Refused refused) {
                HttpJson.error(ex, refused.code(), refused.getMessage());
                return;
            }
            submit(ex, caller, RoomAction.ADD, room, members.users(), command -> command);
        });
    }

    /** {@code DELETE /rooms/{room}/members/{user}}: a removal, or the caller leaving. */
    public void remove(HttpServerExchange exchange, Principal caller) {
        String room = roomOf(exchange);
        if (room == null) {
            return;
        }
        String user = parameters(exchange).get("user");
        if (!Usernames.isValid(user)) {
            HttpJson.error(exchange, ErrorCode.BAD_REQUEST, "not a valid username: " + user);
            return;
        }
        submit(exchange, caller, RoomAction.REMOVE, room, List.of(user), command -> command);
    }

    /** {@code DELETE /rooms/{room}}. */
    public void close(HttpServerExchange exchange, Principal caller) {
        String room = roomOf(exchange);
        if (room != null) {
            submit(exchange, caller, RoomAction.CLOSE, room, List.of(), command -> command);
        }
    }

    private void submit(HttpServerExchange exchange, Principal caller, RoomAction action, String room,
                        List<String> users, UnaryOperator<RoomCommand.Builder> details) {
        commands.submit(exchange, room, (requestId, key) -> details.apply(RoomCommand.newBuilder()
                        .setRequestId(requestId).setReplyTo(instanceId).setAction(action).setRoom(room)
                        .setUsers(users).setIdempotencyKey(key).setRequestedBy(caller.subject())
                        .setAdmin(caller.admin()).setRequestedAt(Instant.now())).build(),
                (ex, reply) -> answer(ex, action, room, reply));
    }

    private void answer(HttpServerExchange exchange, RoomAction action, String room, RoomReply reply) {
        metrics.counter("chat.room.commands", "action", action.name().toLowerCase(),
                "status", Integer.toString(reply.getStatus())).increment();
        if (reply.getError() != null) {
            // the topology wrote the code and status from ErrorCode; they are answered as they are
            ObjectNode error = HttpJson.MAPPER.createObjectNode().put("error", reply.getError())
                    .put("message", reply.getMessage());
            HttpJson.send(exchange, reply.getStatus(), error);
            return;
        }
        if (reply.getStatus() == 201) {
            exchange.getResponseHeaders().put(Headers.LOCATION, "/rooms/" + room);
        }
        if (reply.getBody() == null) {
            exchange.setStatusCode(reply.getStatus());
            exchange.endExchange();
        } else {
            HttpJson.sendRendered(exchange, reply.getStatus(), reply.getBody());
        }
    }

    private static String roomOf(HttpServerExchange exchange) {
        String room = parameters(exchange).get("room");
        if (!RoomIds.isValid(room)) {
            HttpJson.error(exchange, ErrorCode.INVALID_ROOM, "not a valid room id: " + room);
            return null;
        }
        return room;
    }

    private static Map<String, String> parameters(HttpServerExchange exchange) {
        return exchange.getAttachment(PathTemplateMatch.ATTACHMENT_KEY).getParameters();
    }
}
