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

    Engine(String name) {
        this(name, Map.of());
    }

    /** An engine whose presence-stream also gets {@code presenceEnv}. */
    Engine(String name, Map<String, String> presenceEnv) {
        this(name, presenceEnv, Map.of());
    }

    /** An engine whose presence-stream also gets {@code presenceEnv}, and its second gateway {@code gw2Env}. */
    Engine(String name, Map<String, String> presenceEnv, Map<String, String> gw2Env) {
        Path state = tempDir(name);
        String suffix = UUID.randomUUID().toString().substring(0, 6);
        users = ServiceProcess.start(Kind.USERS, "users-" + suffix, state, Map.of());
        presence = ServiceProcess.start(Kind.PRESENCE, "presence-" + suffix, state, presenceEnv);
        gw1 = ServiceProcess.start(Kind.GATEWAY, "gw1-" + suffix, state, Map.of());
        gw2 = ServiceProcess.start(Kind.GATEWAY, "gw2-" + suffix, state, gw2Env);
        query = ServiceProcess.start(Kind.QUERY, "query-" + suffix, state, Map.of());
    }

    /** Creates a user with a unique name built from the prefix and returns that name. */
    String createUser(String prefix) {
        String username = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        HttpResponse<String> response = HttpCalls.send("POST", users.httpUrl() + "/users", Tokens.admin(),
                "{\"username\":\"" + username + "\",\"displayName\":\"" + prefix + "\"}");
        assertEquals(201, response.statusCode(), response.body());
        return username;
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

        /** Sends a message and returns the `sent` answer; frames that come before it are skipped. */
        JsonNode send(String to, String text, String ref) {
            post(to, text, ref);
            return client.next(WAIT, f -> "sent".equals(f.path("type").asText())
                    || "error".equals(f.path("type").asText()));
        }

        /** Sends a message without waiting for its answer, so that no frame is skipped. */
        void post(String to, String text, String ref) {
            client.send("{\"type\":\"send\",\"to\":\"" + to + "\",\"text\":\"" + text + "\",\"ref\":\"" + ref + "\"}");
        }

        JsonNode nextMessage() {
            return client.nextOfType("message", WAIT);
        }
    }

    @Override
    public void close() {
        clients.forEach(WsClient::close);
        for (ServiceProcess service : List.of(gw1, gw2, query, presence, users)) {
            service.close();
        }
    }

    private static Path tempDir(String name) {
        try {
            return Files.createTempDirectory("system-" + name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
