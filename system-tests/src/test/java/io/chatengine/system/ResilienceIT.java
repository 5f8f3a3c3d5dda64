package io.chatengine.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.chatengine.system.Engine.Connected;
import io.chatengine.system.Engine.Pair;
import io.chatengine.testsupport.Await;
import io.chatengine.testsupport.HttpCalls;
import io.chatengine.testsupport.Tokens;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Processes die and come back; nothing that was answered with `sent` is lost, and presence tells the truth.
 * One engine serves the class: every test leaves each process running again.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ResilienceIT {
    private static Engine engine;

    @BeforeAll
    static void startEngine() {
        // presence-stream commits only when it stops cleanly, so a kill always leaves records to process again
        engine = new Engine("resilience", Engine.Setup.DEFAULTS.presence(Map.of("CHAT_COMMIT_INTERVAL_MS", "60000")));
    }

    @AfterAll
    static void stopEngine() {
        engine.close();
    }

    @Test
    @Order(3)
    void restartingPresenceStreamAndAGatewayMidConversationLosesNothingSent() {
        Pair pair = engine.pair();
        String bob = pair.bob();
        Connected sender = pair.sender();
        Connected receiver = pair.receiver();
        List<String> sent = new ArrayList<>(pair.exchange(3, "p"));

        engine.presence.stop();
        for (int i = 4; i <= 6; i++) {
            sender.post(bob, "while-down-" + i, "p" + i);
        }
        engine.presence.restart();
        // answered once the sender's inbox is back; one answered unavailable meanwhile is sent again
        Map<String, String> accepted = new HashMap<>();
        while (accepted.size() < 3) {
            JsonNode answer = sender.client().next(Engine.WAIT, f -> "sent".equals(f.path("type").asText())
                    || "error".equals(f.path("type").asText()));
            String ref = answer.path("ref").asText();
            if ("sent".equals(answer.path("type").asText())) {
                accepted.put(ref, answer.path("id").asText());
            } else {
                assertEquals("unavailable", answer.path("code").asText(), answer.toString());
                sender.post(bob, "while-down-" + ref.substring(1), ref);
            }
        }
        for (int i = 4; i <= 6; i++) {
            sent.add(accepted.get("p" + i));
        }
        for (int i = 4; i <= 6; i++) {
            JsonNode message = receiver.nextMessage();
            assertEquals(i, message.path("seq").asLong());
            assertEquals(sent.get(i - 1), message.path("id").asText());
        }

        engine.gw2.kill();
        Await.until(Duration.ofSeconds(10), "bob's socket to die with its gateway", receiver.client()::isClosed);
        for (int i = 7; i <= 8; i++) {
            sent.add(sender.send(bob, "while-gateway-dead-" + i, "p" + i).path("id").asText());
        }
        engine.gw2.restart();
        Connected back = engine.connect(engine.gw2, bob, 6L);
        for (int i = 7; i <= 8; i++) {
            JsonNode message = back.nextMessage();
            assertEquals(i, message.path("seq").asLong());
            assertEquals(sent.get(i - 1), message.path("id").asText());
        }
        JsonNode live = sender.send(bob, "live again", "p9");
        JsonNode next = back.nextMessage();
        assertEquals(live.path("id").asText(), next.path("id").asText());
        assertEquals(9, next.path("seq").asLong());
    }

    /**
     * presence-stream is at-least-once: killed before it commits, it processes the same records again when it
     * comes back. The repeated output must reach no client twice, and no message may take a second seq.
     */
    @Test
    @Order(4)
    void killingPresenceStreamBeforeItCommitsRepeatsNothingToClientsAndSkipsNoSeq() {
        String alice = engine.createUser("alice");
        String bob = engine.createUser("bob");
        Connected sender = engine.connect(engine.gw1, alice, null);
        Connected receiver = engine.connect(engine.gw2, bob, null);
        List<String> ids = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            sender.post(bob, "text of k" + i, "k" + i);
        }
        for (int i = 1; i <= 5; i++) {
            JsonNode message = receiver.nextMessage();
            assertEquals(i, message.path("seq").asLong());
            ids.add(message.path("id").asText());
            assertEquals(i, sender.nextMessage().path("seq").asLong(), "the sender's own inbox");
        }
        engine.presence.kill();
        engine.presence.restart();

        for (int i = 6; i <= 7; i++) {
            sender.post(bob, "text of k" + i, "k" + i);
            JsonNode message = receiver.nextMessage();
            assertEquals(i, message.path("seq").asLong(), "nothing repeated to the socket, no seq taken twice");
            ids.add(message.path("id").asText());
            assertEquals(i, sender.nextMessage().path("seq").asLong(), "nor to the sender's");
        }
        for (Connected connected : List.of(sender, receiver)) {
            assertEquals(List.of(), connected.client().drain().stream().map(JsonNode::toString)
                    .filter(f -> f.contains("\"welcome\"") || f.contains("\"message\"")).toList(),
                    "no second welcome or message frame");
        }
        Connected resumed = engine.connect(engine.gw1, bob, 0L);
        for (int i = 1; i <= 7; i++) {
            JsonNode message = resumed.nextMessage();
            assertEquals(i, message.path("seq").asLong());
            assertEquals(ids.get(i - 1), message.path("id").asText());
        }
    }

    @Test
    @Order(2)
    void aKilledGatewaysUsersAreOfflineWithinTenSeconds() {
        String alice = engine.createUser("alice");
        String bob = engine.createUser("bob");
        Connected watcher = engine.connect(engine.gw1, alice, null);
        engine.connect(engine.gw2, bob, null);
        watcher.client().send("{\"type\":\"watch\",\"users\":[\"" + bob + "\"]}");
        watcher.client().next(Engine.WAIT, f -> "presence".equals(f.path("type").asText())
                && f.path("online").asBoolean());
        Await.until(Duration.ofSeconds(10), "query-api to see bob online", () -> online(bob));

        long killedAt = System.nanoTime();
        engine.gw2.kill();
        watcher.client().next(Duration.ofSeconds(10), f -> "presence".equals(f.path("type").asText())
                && !f.path("online").asBoolean());
        Await.until(Duration.ofSeconds(10), "query-api to see bob offline", () -> !online(bob));
        assertTrue(Duration.ofNanos(System.nanoTime() - killedAt).toSeconds() <= 10);

        engine.gw2.restart();
        Connected again = engine.connect(engine.gw2, bob, null);
        Await.until(Duration.ofSeconds(10), "bob online again after the gateway restarted", () -> online(bob));
        again.client().close();
        Await.until(Duration.ofSeconds(10), "the restarted gateway did not bring back old connections",
                () -> !online(bob));
    }

    @Test
    @Order(1)
    void aGatewayStoppedWithSigtermClosesSocketsWith1001AndExitsWithinTenSeconds() {
        String bob = engine.createUser("bob");
        Connected connected = engine.connect(engine.gw2, bob, null);
        Duration took = engine.gw2.stop();
        assertEquals(1001, connected.client().closeCode(Duration.ofSeconds(5)));
        assertTrue(took.toMillis() < 10_000, "stopped in " + took);
        assertFalse(engine.gw2.ready());
        engine.gw2.restart();
    }

    /**
     * A lost disk: presence-stream and query-api restarted with their state folders deleted restore everything
     * from Kafka, then answer exactly as before: the same seqs on resume, an old ref resent takes no new seq,
     * the same history and presence.
     */
    @Test
    @Order(5)
    void instancesRestartedWithoutTheirStateRestoreFromKafkaAndAnswerAsBefore() throws Exception {
        Pair pair = engine.pair();
        String alice = pair.alice();
        String bob = pair.bob();
        Connected sender = pair.sender();
        Connected receiver = pair.receiver();
        List<String> ids = new ArrayList<>(pair.exchange(3, "s"));
        JsonNode history = Await.value(Duration.ofSeconds(20), "bob's history with alice", () -> {
            JsonNode body = engine.history(bob, alice);
            return body != null && body.path("messages").size() == 3 ? body : null;
        });

        engine.presence.stop();
        engine.presence.deleteState();
        long restarting = System.nanoTime();
        engine.presence.restart();
        long readyMs = (System.nanoTime() - restarting) / 1_000_000;
        assertTrue(readyMs <= 15_000, "presence-stream ready " + readyMs + " ms after its restart");

        assertEquals(ids.get(1), sender.send(bob, "text of s2", "s2").path("id").asText(), "an old ref keeps its id");
        ids.add(sender.send(bob, "new 4", "s4").path("id").asText());
        JsonNode next = receiver.nextMessage();
        assertEquals(4, next.path("seq").asLong(), "the resent ref took no seq: " + next);
        assertEquals(ids.get(3), next.path("id").asText());
        Connected resumed = engine.connect(engine.gw1, bob, 0L);
        for (int i = 1; i <= 4; i++) {
            JsonNode message = resumed.nextMessage();
            assertEquals(i, message.path("seq").asLong());
            assertEquals(ids.get(i - 1), message.path("id").asText());
        }

        engine.query.kill();
        engine.query.deleteState();
        engine.query.restart();
        JsonNode restored = Await.value(Duration.ofSeconds(20), "bob's history after query-api lost its state", () -> {
            JsonNode body = engine.history(bob, alice);
            return body != null && body.path("messages").size() == 4 ? body : null;
        });
        ArrayNode before = (ArrayNode) restored.path("messages").deepCopy();
        before.remove(0); // newest first: the message sent after the first look
        assertEquals(history.path("messages"), before, "the same history as before");
        Await.until(Duration.ofSeconds(10), "bob online as before", () -> online(bob));
    }

    /** user-command-service killed mid-life: its decisions so far hold (a taken name stays taken), new ones go on. */
    @Test
    @Order(6)
    void aKilledUserCommandServiceKeepsItsDecisionsAndDecidesAgain() {
        String carol = engine.createUser("carol");
        engine.users.kill();
        engine.users.restart();
        var again = HttpCalls.send("POST", engine.users.httpUrl() + "/users", Tokens.admin(),
                "{\"username\":\"" + carol + "\",\"displayName\":\"Carol\"}");
        assertEquals(409, again.statusCode(), again.body());
        String dave = engine.createUser("dave");
        Connected connected = engine.connect(engine.gw1, dave, null);
        assertEquals("welcome", connected.welcome().path("type").asText());
    }

    private boolean online(String user) {
        var response = HttpCalls.get(engine.query.httpUrl() + "/presence/" + user, Tokens.admin());
        return response.statusCode() == 200 && Json.parse(response.body()).path("online").asBoolean();
    }
}
