package io.chatengine.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.undertow.Handlers;
import io.undertow.Undertow;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code POST /rooms} (user-command-service) and {@code GET /rooms/{room}} (query-api) as SPEC section 6 has them,
 * over rooms kept in memory; or a service that has no rooms at all and answers 404.
 */
final class FakeRoomCommands implements AutoCloseable {
    private final Undertow server;
    private final boolean servesRooms;
    final Map<String, ObjectNode> rooms = new ConcurrentHashMap<>();
    final List<String> posted = new ArrayList<>();

    FakeRoomCommands(boolean servesRooms) {
        this.servesRooms = servesRooms;
        server = Undertow.builder().addHttpListener(0, "127.0.0.1").setHandler(exchange -> {
            if (exchange.isInIoThread()) {
                exchange.dispatch(this::handle);
                return;
            }
            handle(exchange);
        }).build();
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
    }

    /** A room made before, by someone else. */
    void exists(String room, String owner, String... others) {
        ObjectNode body = Target.JSON.createObjectNode().put("room", room).put("owner", owner);
        ArrayNode members = body.putArray("members");
        for (String other : others) {
            members.add(other);
        }
        rooms.put(room, render(body));
    }

    private void handle(HttpServerExchange exchange) throws Exception {
        exchange.startBlocking();
        String path = exchange.getRequestPath();
        if (!servesRooms) {
            answer(exchange, 404, "{\"error\":\"not_found\",\"message\":\"no such endpoint\"}");
        } else if (exchange.getRequestMethod().equals(Methods.POST) && path.equals("/rooms")) {
            JsonNode body = Target.JSON.readTree(exchange.getInputStream());
            String room = body.path("room").asText();
            synchronized (posted) {
                posted.add(room);
            }
            ObjectNode made = render(body);
            if (rooms.putIfAbsent(room, made) != null) {
                answer(exchange, 409, "{\"error\":\"room_taken\",\"message\":\"taken\"}");
            } else {
                answer(exchange, 201, made.toString());
            }
        } else if (exchange.getRequestMethod().equals(Methods.GET) && path.startsWith("/rooms/")) {
            ObjectNode room = rooms.get(path.substring("/rooms/".length()));
            answer(exchange, room == null ? 404 : 200, room == null ? "{\"error\":\"not_found\"}" : room.toString());
        } else {
            answer(exchange, 404, "{\"error\":\"not_found\"}");
        }
    }

    /** The room as the services show it: the owner among the members, with roles. */
    private static ObjectNode render(JsonNode asked) {
        ObjectNode room = Target.JSON.createObjectNode().put("room", asked.path("room").asText())
                .put("title", "t").put("owner", asked.path("owner").asText()).put("history", "shared")
                .put("seq", 0).put("closed", false);
        ArrayNode members = room.putArray("members");
        members.addObject().put("user", asked.path("owner").asText()).put("role", "owner").put("since", 0);
        asked.path("members").forEach(m -> members.addObject().put("user", m.asText()).put("role", "member")
                .put("since", 0));
        return room;
    }

    private static void answer(HttpServerExchange exchange, int status, String body) {
        exchange.setStatusCode(status);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
        exchange.getResponseSender().send(body);
    }

    @Override
    public void close() {
        server.stop();
    }
}
