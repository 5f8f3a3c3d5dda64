package io.chatengine.system;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatengine.system.ServiceProcess.Kind;
import io.chatengine.testsupport.HttpCalls;
import io.chatengine.testsupport.Tokens;
import io.chatengine.testsupport.WsClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A whole engine of separate processes: one user-command-service, one presence-stream, two gateways and one
 * query-api, against the test broker. Tests isolate themselves by unique usernames.
 */
final class Engine implements AutoCloseable {
    static final Duration WAIT = Duration.ofSeconds(20);
    final ServiceProcess users;
    final ServiceProcess presence;
    final ServiceProcess gw1;
    final ServiceProcess gw2;
    final ServiceProcess query;
    private final List<WsClient> clients = new ArrayList<>();

    /** What an engine's services get besides their defaults. */
    record Setup(Map<String, String> every, Map<String, String> presence, Map<String, String> secondGateway,
                 List<String> pageOrigins) {
        static final Setup DEFAULTS = new Setup(Map.of(), Map.of(), Map.of(), List.of());

        /** Variables for every service. */
        Setup every(Map<String, String> env) {
            return new Setup(env, presence, secondGateway, pageOrigins);
        }

        /** Variables for presence-stream. */
        Setup presence(Map<String, String> env) {
            return new Setup(every, env, secondGateway, pageOrigins);
        }

        /** Variables for the second gateway only. */
        Setup secondGateway(Map<String, String> env) {
            return new Setup(every, presence, env, pageOrigins);
        }

        /** Web origins whose pages query-api and user-command-service also allow, besides the gateways' own. */
        Setup pageOrigins(List<String> origins) {
            return new Setup(every, presence, secondGateway, origins);
        }
    }

    Engine(String name) {
        this(name, Setup.DEFAULTS);
    }

    Engine(String name, Setup setup) {
        Path state = tempDir(name);
        String suffix = UUID.randomUUID().toString().substring(0, 6);
        // the gateways' ports are chosen first: their web pages call user-command-service and query-api
        Map<String, String> gw1Port = Map.of("PORT", Integer.toString(ServiceProcess.freePort()));
        Map<String, String> gw2Port = Map.of("PORT", Integer.toString(ServiceProcess.freePort()));
        List<String> origins = new ArrayList<>(List.of(page(gw1Port), page(gw2Port)));
        origins.addAll(setup.pageOrigins());
        Map<String, String> pages = Map.of("CHAT_ALLOWED_ORIGINS", String.join(",", origins));
        users = ServiceProcess.start(Kind.USERS, "users-" + suffix, state, merged(setup.every(), pages));
        presence = ServiceProcess.start(Kind.PRESENCE, "presence-" + suffix, state, merged(setup.every(),
                setup.presence()));
        gw1 = ServiceProcess.start(Kind.GATEWAY, "gw1-" + suffix, state, merged(setup.every(), gw1Port));
        gw2 = ServiceProcess.start(Kind.GATEWAY, "gw2-" + suffix, state, merged(merged(setup.every(),
                setup.secondGateway()), gw2Port));
        query = ServiceProcess.start(Kind.QUERY, "query-" + suffix, state, merged(setup.every(), pages));
    }

    /** Creates a user with a unique name built from the prefix and returns that name. */
    String createUser(String prefix) {
        String username = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        HttpResponse<String> response = HttpCalls.send("POST", users.httpUrl() + "/users", Tokens.admin(),
                "{\"username\":\"" + username + "\",\"displayName\":\"" + prefix + "\"}");
        assertEquals(201, response.statusCode(), response.body());
        return username;
    }

    /** {@code owner} creates a room with the members besides it (a user token, so the owner is the caller). */
    HttpResponse<String> createRoom(String owner, String room, List<String> members) {
        String list = members.stream().map(m -> "\"" + m + "\"").collect(java.util.stream.Collectors.joining(","));
        return HttpCalls.send("POST", users.httpUrl() + "/rooms", Tokens.user(owner),
                "{\"room\":\"" + room + "\",\"title\":\"Room " + room + "\",\"members\":[" + list + "]}");
    }

    /** Opens a socket and returns at once, before any frame has come; it is closed with the engine. */
    WsClient open(ServiceProcess gateway, String user, Long since) {
        WsClient client = WsClient.connect(gateway.wsUrl(), Tokens.user(user), since == null ? "" : "since=" + since);
        clients.add(client);
        return client;
    }

    /** Connects and returns the client once its welcome frame has come. */
    Connected connect(ServiceProcess gateway, String user, Long since) {
        WsClient client = open(gateway, user, since);
        JsonNode welcome = client.next(WAIT);
        assertEquals("welcome", welcome.path("type").asText(), welcome.toString());
        return new Connected(client, welcome);
    }

    /** The user's presence as query-api answers it. */
    /** The owner's history with the peer, from query-api; null while it cannot answer. */
    JsonNode history(String owner, String peer) {
        HttpResponse<String> response = HttpCalls.get(query.httpUrl() + "/messages?with=" + peer, Tokens.user(owner));
        return response.statusCode() == 200 ? Json.parse(response.body()) : null;
    }

    JsonNode presenceOf(String user) {
        return Json.parse(HttpCalls.get(query.httpUrl() + "/presence/" + user, Tokens.admin()).body());
    }

    /** Two new users talking across the gateways: alice on gw1, bob on gw2. */
    Pair pair() {
        String alice = createUser("alice");
        String bob = createUser("bob");
        return new Pair(alice, bob, connect(gw1, alice, null), connect(gw2, bob, null));
    }

    record Pair(String alice, String bob, Connected sender, Connected receiver) {
        /** alice sends {@code count} messages to bob, refs {@code prefix}1.., each seen on bob's socket; their ids. */
        List<String> exchange(int count, String prefix) {
            List<String> ids = new ArrayList<>();
            for (int i = 1; i <= count; i++) {
                ids.add(sender.send(bob, "text of " + prefix + i, prefix + i).path("id").asText());
                assertEquals(ids.get(i - 1), receiver.nextMessage().path("id").asText());
            }
            return ids;
        }
    }

    record Connected(WsClient client, JsonNode welcome) {
        long seq() {
            return welcome.path("seq").asLong();
        }

        /** Sends a message and returns its answer (`sent` or `error`); frames that come before it are skipped. */
        JsonNode send(String to, String text, String ref) {
            post(to, text, ref);
            return client.next(WAIT, f -> ("sent".equals(f.path("type").asText())
                    || "error".equals(f.path("type").asText())) && ref.equals(f.path("ref").asText()));
        }

        /** Sends a message without waiting for its answer, so that no frame is skipped. */
        void post(String to, String text, String ref) {
            client.send("{\"type\":\"send\",\"to\":\"" + to + "\",\"text\":\"" + text + "\",\"ref\":\"" + ref + "\"}");
        }

        JsonNode nextMessage() {
            return client.nextOfType("message", WAIT);
        }

        /** Subscribes to one room from {@code since} (null: live from now) and returns its {@code subscribed}. */
        JsonNode subscribe(String room, Long since) {
            client.send("{\"type\":\"subscribe\",\"rooms\":{\"" + room + "\":" + since + "}}");
            return client.next(WAIT, f -> "subscribed".equals(f.path("type").asText())
                    && room.equals(f.path("room").asText()));
        }

        /** Sends a room message and returns its answer (`sent` or `error`); frames before it are skipped. */
        JsonNode sendToRoom(String room, String text, String ref) {
            client.send("{\"type\":\"send\",\"room\":\"" + room + "\",\"text\":\"" + text + "\",\"ref\":\""
                    + ref + "\"}");
            return client.next(WAIT, f -> ("sent".equals(f.path("type").asText())
                    || "error".equals(f.path("type").asText())) && ref.equals(f.path("ref").asText()));
        }

        /** The next frame of the room's log (message, member, closed), skipping others. */
        JsonNode nextRoomFrame(String room) {
            return client.next(WAIT, f -> room.equals(f.path("room").asText())
                    && List.of("message", "member", "closed").contains(f.path("type").asText()));
        }
    }

    @Override
    public void close() {
        clients.forEach(WsClient::close);
        for (ServiceProcess service : List.of(gw1, gw2, query, presence, users)) {
            service.close();
        }
    }

    private static String page(Map<String, String> gatewayPort) {
        return "http://127.0.0.1:" + gatewayPort.get("PORT");
    }

    private static Map<String, String> merged(Map<String, String> base, Map<String, String> more) {
        Map<String, String> env = new HashMap<>(base);
        env.putAll(more);
        return env;
    }

    private static Path tempDir(String name) {
        try {
            return Files.createTempDirectory("system-" + name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
