package io.chatengine.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatengine.system.Engine.Connected;
import io.chatengine.testsupport.Await;
import io.chatengine.testsupport.HttpCalls;
import io.chatengine.testsupport.JwksServer;
import io.chatengine.testsupport.Tokens;
import io.chatengine.testsupport.WsClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** Two users on different gateways chat through Kafka; every device sees the conversation with the same seqs. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ChatAcrossGatewaysIT {
    private static Engine engine;
    private static JwksServer identityProvider;

    /** Every service also verifies RS256 tokens of a JWKS; the HS256 tokens of the other tests work beside. */
    @BeforeAll
    static void startEngine() {
        identityProvider = JwksServer.start();
        engine = new Engine("chat", Engine.Setup.DEFAULTS.every(Map.of("CHAT_JWKS_URL", identityProvider.url())));
    }

    @AfterAll
    static void stopEngine() {
        engine.close();
        identityProvider.close();
    }

    @Test
    @Order(1)
    void everyDeviceOfBothUsersSeesTheConversationWithConsistentSeqs() {
        String alice = engine.createUser("alice");
        String bob = engine.createUser("bob");
        Connected alicePhone = engine.connect(engine.gw1, alice, null);
        Connected aliceLaptop = engine.connect(engine.gw1, alice, null);
        Connected bobPhone = engine.connect(engine.gw2, bob, null);
        assertEquals(0, alicePhone.seq());
        assertEquals(0, bobPhone.seq());

        JsonNode sent = alicePhone.send(bob, "hi bob", "a1");
        assertEquals("sent", sent.path("type").asText(), sent.toString());
        assertEquals("a1", sent.path("ref").asText());

        JsonNode atBob = bobPhone.nextMessage();
        assertEquals(sent.path("id").asText(), atBob.path("id").asText());
        assertEquals(1, atBob.path("seq").asLong());
        assertEquals(alice, atBob.path("from").asText());
        assertEquals(bob, atBob.path("to").asText());
        assertEquals("hi bob", atBob.path("text").asText());
        for (Connected device : List.of(alicePhone, aliceLaptop)) {
            JsonNode own = device.nextMessage();
            assertEquals(sent.path("id").asText(), own.path("id").asText());
            assertEquals(1, own.path("seq").asLong());
            assertEquals("a1", own.path("ref").asText());
        }

        JsonNode reply = bobPhone.send(alice, "hi alice", "b1");
        assertEquals("sent", reply.path("type").asText(), reply.toString());
        JsonNode bobsCopy = bobPhone.nextMessage();
        assertEquals(2, bobsCopy.path("seq").asLong(), "bob's inbox: alice's message, then his own reply");
        for (Connected device : List.of(alicePhone, aliceLaptop)) {
            JsonNode atAlice = device.nextMessage();
            assertEquals(reply.path("id").asText(), atAlice.path("id").asText());
            assertEquals(2, atAlice.path("seq").asLong());
            assertEquals(bob, atAlice.path("from").asText());
        }
    }

    @Test
    @Order(2)
    void resendingARefMakesNoSecondMessage() {
        Engine.Pair pair = engine.pair();
        String bob = pair.bob();
        Connected sender = pair.sender();
        Connected receiver = pair.receiver();

        JsonNode first = sender.send(bob, "once", "same-ref");
        JsonNode again = sender.send(bob, "once", "same-ref");
        assertEquals(first.path("id").asText(), again.path("id").asText());
        assertEquals(first.path("at").asText(), again.path("at").asText());
        JsonNode next = sender.send(bob, "twice", "other-ref");

        JsonNode m1 = receiver.nextMessage();
        JsonNode m2 = receiver.nextMessage();
        assertEquals(first.path("id").asText(), m1.path("id").asText());
        assertEquals(1, m1.path("seq").asLong());
        assertEquals(next.path("id").asText(), m2.path("id").asText(), "the resend made no message in between");
        assertEquals(2, m2.path("seq").asLong());
    }

    /**
     * The sender's inbox remembers every ref: whichever gateway a resend comes through, it keeps its id and makes
     * no second message, and a reuse for another message is refused.
     */
    @Test
    @Order(3)
    void aRefIsTheSameMessageOnEveryGatewayAndAReuseForAnotherIsAConflict() {
        String alice = engine.createUser("alice");
        String bob = engine.createUser("bob");
        String carol = engine.createUser("carol");
        Connected onGw1 = engine.connect(engine.gw1, alice, null);
        Connected onGw2 = engine.connect(engine.gw2, alice, null);
        Connected atBob = engine.connect(engine.gw2, bob, null);
        Connected atCarol = engine.connect(engine.gw2, carol, null);

        JsonNode first = onGw1.send(bob, "hello", "r-1");
        assertEquals("sent", first.path("type").asText());
        for (Connected socket : List.of(onGw1, onGw2)) {
            JsonNode otherText = socket.send(bob, "hello again", "r-1");
            assertEquals("ref_conflict", otherText.path("code").asText(), otherText.toString());
            assertEquals("r-1", otherText.path("ref").asText());
            JsonNode otherRecipient = socket.send(carol, "hello", "r-1");
            assertEquals("ref_conflict", otherRecipient.path("code").asText(), otherRecipient.toString());
            JsonNode same = socket.send(bob, "hello", "r-1");
            assertEquals(first.path("id").asText(), same.path("id").asText());
            assertEquals(first.path("at").asText(), same.path("at").asText());
        }
        JsonNode next = onGw2.send(bob, "after", "r-2");
        assertEquals(first.path("id").asText(), atBob.nextMessage().path("id").asText());
        JsonNode second = atBob.nextMessage();
        assertEquals(next.path("id").asText(), second.path("id").asText(), "no message in between");
        assertEquals(2, second.path("seq").asLong());
        JsonNode toCarol = onGw2.send(carol, "a new ref", "r-3");
        JsonNode received = atCarol.nextMessage();
        assertEquals(toCarol.path("id").asText(), received.path("id").asText(), "carol got no conflicting message");
        assertEquals(1, received.path("seq").asLong());
        JsonNode history = Await.value(Engine.WAIT, "bob's history", () -> {
            JsonNode body = engine.history(bob, alice);
            return body != null && body.path("messages").size() >= 2 ? body : null;
        });
        List<String> texts = new ArrayList<>();
        history.path("messages").forEach(message -> texts.add(message.path("text").asText()));
        assertEquals(List.of("after", "hello"), texts, "newest first");
    }

    @Test
    @Order(4)
    void aResumeDeliversWhatWasMissedInOrderExactlyOnceThenLive() {
        String alice = engine.createUser("alice");
        String bob = engine.createUser("bob");
        Connected sender = engine.connect(engine.gw1, alice, null);
        Connected bobFirst = engine.connect(engine.gw2, bob, null);
        sender.send(bob, "m1", "m1");
        long lastSeen = bobFirst.nextMessage().path("seq").asLong();
        bobFirst.client().close();

        List<String> missed = new ArrayList<>();
        for (int i = 2; i <= 5; i++) {
            missed.add(sender.send(bob, "m" + i, "m" + i).path("id").asText());
        }
        Connected bobBack = engine.connect(engine.gw1, bob, lastSeen);
        assertEquals(5, bobBack.seq(), "welcome carries the latest seq");
        for (int i = 0; i < missed.size(); i++) {
            JsonNode message = bobBack.nextMessage();
            assertEquals(lastSeen + 1 + i, message.path("seq").asLong());
            assertEquals(missed.get(i), message.path("id").asText());
        }
        JsonNode live = sender.send(bob, "m6", "m6");
        JsonNode next = bobBack.nextMessage();
        assertEquals(live.path("id").asText(), next.path("id").asText(), "no duplicate between resume and live");
        assertEquals(6, next.path("seq").asLong());
    }

    @Test
    @Order(5)
    void theSenderIsAlwaysTheTokensUser() {
        Engine.Pair pair = engine.pair();
        String alice = pair.alice();
        String bob = pair.bob();
        Connected sender = pair.sender();
        Connected receiver = pair.receiver();
        sender.client().send("{\"type\":\"send\",\"to\":\"" + bob + "\",\"from\":\"mallory\",\"text\":\"x\",\"ref\":\"f1\"}");
        JsonNode message = receiver.nextMessage();
        assertEquals(alice, message.path("from").asText());
    }

    @Test
    @Order(6)
    void historyAndPresenceAreAnsweredByTheQueryApi() {
        String alice = engine.createUser("alice");
        String bob = engine.createUser("bob");
        Connected sender = engine.connect(engine.gw1, alice, null);
        sender.send(bob, "stored", "h1");
        String url = engine.query.httpUrl() + "/messages?with=" + bob;
        JsonNode history = Await.value(Duration.ofSeconds(20), "alice's history with bob", () -> {
            var response = HttpCalls.get(url, Tokens.user(alice));
            JsonNode body = Json.parse(response.body());
            return response.statusCode() == 200 && body.path("messages").size() == 1 ? body : null;
        });
        assertEquals("stored", history.path("messages").get(0).path("text").asText());
        JsonNode presence = Await.value(Duration.ofSeconds(20), "alice online", () -> {
            JsonNode body = Json.parse(HttpCalls.get(engine.query.httpUrl() + "/presence/" + alice,
                    Tokens.user(bob)).body());
            return body.path("online").asBoolean() ? body : null;
        });
        assertTrue(presence.path("connections").asInt() >= 1);
    }

    @Test
    @Order(7)
    void everyHandshakeRefusalHasItsStatusAndCode() {
        String alice = engine.createUser("alice");
        String url = engine.gw1.httpUrl() + "/ws";
        assertRefused(HttpCalls.get(url, null), 401, "invalid_token");
        assertRefused(HttpCalls.get(url, "not.a.token"), 401, "invalid_token");
        String forged = Tokens.sign(Tokens.claims(alice, Duration.ofHours(1)), "another-secret-another-secret-0123456789");
        assertRefused(HttpCalls.get(url, forged), 401, "invalid_token");
        String[] parts = Tokens.user(alice).split("\\.");
        String none = java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString("{\"alg\":\"none\"}".getBytes()) + "." + parts[1] + ".";
        assertRefused(HttpCalls.get(url, none), 401, "invalid_token");
        assertRefused(HttpCalls.get(url, Tokens.expired(alice)), 401, "token_expired");
        assertRefused(HttpCalls.get(url, Tokens.user("nobody-" + alice)), 403, "unknown_user");
        assertRefused(HttpCalls.get(url + "?since=-1", Tokens.user(alice)), 400, "bad_request");
        assertRefused(HttpCalls.get(url + "?access_token=" + Tokens.expired(alice), null), 401, "token_expired");
        Connected viaQuery = new Connected(io.chatengine.testsupport.WsClient.connect(engine.gw1.wsUrl(), null,
                "access_token=" + Tokens.user(alice)), null);
        assertEquals("welcome", viaQuery.client().next(Engine.WAIT).path("type").asText());
        viaQuery.client().close();
    }

    @Test
    @Order(8)
    void everyBadFrameGetsItsErrorAndTheConnectionKeepsServing() {
        String alice = engine.createUser("alice");
        String bob = engine.createUser("bob");
        Connected sender = engine.connect(engine.gw1, alice, null);
        String[][] cases = {
            {"not json", "bad_request"},
            {"{\"type\":\"dance\",\"ref\":\"x1\"}", "bad_request"},
            {"{\"type\":\"send\",\"text\":\"hi\",\"ref\":\"x2\"}", "bad_request"},
            {"{\"type\":\"send\",\"to\":\"" + bob + "\",\"text\":\"\",\"ref\":\"x3\"}", "bad_request"},
            {"{\"type\":\"send\",\"to\":\"" + bob + "\",\"text\":\"" + "x".repeat(4001) + "\",\"ref\":\"x4\"}",
                "bad_request"},
            {"{\"type\":\"send\",\"to\":\"nobody-here\",\"text\":\"hi\",\"ref\":\"x5\"}", "unknown_recipient"},
        };
        for (String[] bad : cases) {
            sender.client().send(bad[0]);
            JsonNode error = sender.client().nextOfType("error", Engine.WAIT);
            assertEquals(bad[1], error.path("code").asText(), bad[0]);
        }
        JsonNode sent = sender.send(bob, "still here", "ok-1");
        assertEquals("sent", sent.path("type").asText(), "the connection keeps serving");

        Connected binary = engine.connect(engine.gw1, alice, null);
        binary.client().sendBinary(new byte[] {1, 2, 3});
        assertEquals(1003, binary.client().closeCode(Engine.WAIT));
        Connected tooBig = engine.connect(engine.gw1, alice, null);
        tooBig.client().send("{\"type\":\"send\",\"to\":\"" + bob + "\",\"text\":\"" + "x".repeat(70_000) + "\"}");
        assertEquals(1009, tooBig.client().closeCode(Engine.WAIT));
        assertEquals("sent", sender.send(bob, "the gateway still serves", "ok-2").path("type").asText());
    }

    @Test
    @Order(9)
    void aDeactivatedUserIsDisconnectedWith4003AndCannotReconnect() {
        String carol = engine.createUser("carol");
        Connected connected = engine.connect(engine.gw2, carol, null);
        var response = HttpCalls.send("DELETE", engine.users.httpUrl() + "/users/" + carol, Tokens.admin(), null);
        assertEquals(204, response.statusCode(), response.body());
        long deleted = System.nanoTime();
        assertEquals(4003, connected.client().closeCode(Duration.ofSeconds(2)));
        assertTrue(Duration.ofNanos(System.nanoTime() - deleted).toMillis() <= 2_000);
        assertRefused(HttpCalls.get(engine.gw1.httpUrl() + "/ws", Tokens.user(carol)), 403, "unknown_user");
        for (String path : List.of("/messages?with=" + carol, "/presence/" + carol, "/users/" + carol)) {
            Await.until(Engine.WAIT, "query-api refusing carol's token on " + path, () ->
                    HttpCalls.get(engine.query.httpUrl() + path, Tokens.user(carol)).statusCode() == 403);
            assertRefused(HttpCalls.get(engine.query.httpUrl() + path, Tokens.user(carol)), 403, "forbidden");
        }
        assertEquals(200, HttpCalls.get(engine.query.httpUrl() + "/users/" + carol, Tokens.admin()).statusCode(),
                "an admin still reads the deactivated account");
    }

    @Test
    @Order(10)
    void theWelcomeIsTheFirstFrameAndAMessageSentOnOpenReachesTheSendingSocket() {
        String alice = engine.createUser("alice");
        String bob = engine.createUser("bob");
        for (int i = 0; i < 20; i++) {
            WsClient socket = engine.open(i % 2 == 0 ? engine.gw1 : engine.gw2, alice, null);
            socket.send("{\"type\":\"send\",\"to\":\"" + bob + "\",\"text\":\"on open\",\"ref\":\"open-" + i + "\"}");
            JsonNode first = socket.next(Engine.WAIT);
            assertEquals("welcome", first.path("type").asText(), "try " + i + ": " + first);
            JsonNode own = socket.nextOfType("message", Engine.WAIT);
            assertEquals("open-" + i, own.path("ref").asText(), "try " + i);
            assertEquals(first.path("seq").asLong() + 1, own.path("seq").asLong(), "try " + i + ": no gap after the welcome");
            socket.close();
        }
    }

    @Test
    @Order(11)
    void everyServiceIsLiveReadyAndExportsItsMetrics() {
        for (ServiceProcess service : List.of(engine.users, engine.presence, engine.gw1, engine.gw2, engine.query)) {
            for (String health : List.of("/health/live", "/health/ready")) {
                assertEquals(200, HttpCalls.get(service.httpUrl() + health, null).statusCode(), service.httpUrl() + health);
            }
        }
        String gateway = HttpCalls.get(engine.gw1.httpUrl() + "/metrics", null).body();
        for (String metric : List.of("chat_connections_open", "chat_frames_in_total", "chat_frames_out_total",
                "chat_messages_accepted_total", "chat_messages_delivered_total", "chat_delivery_latency_seconds_bucket",
                "chat_send_ack_latency_seconds_bucket", "chat_connections_refused_total", "kafka_producer_",
                "kafka_consumer_", "jvm_memory_used_bytes")) {
            assertTrue(gateway.contains(metric), "gateway metrics lack " + metric);
        }
        assertTrue(gateway.lines().anyMatch(line -> line.startsWith("chat_messages_accepted_total")
                && !line.endsWith(" 0.0")), "messages were accepted by gw1 in the tests before");
        assertTrue(HttpCalls.get(engine.users.httpUrl() + "/metrics", null).body().contains("chat_user_commands_total"));
        for (ServiceProcess streams : List.of(engine.users, engine.presence, engine.query)) {
            assertTrue(HttpCalls.get(streams.httpUrl() + "/metrics", null).body().contains("kafka_stream_"),
                    streams.httpUrl() + " exports its Kafka Streams metrics");
        }
    }

    /** Watch frames beyond the rate get `rate_limited`; the socket stays open and keeps its watch. */
    @Test
    @Order(18)
    void watchFramesBeyondTheRateAreRefusedAndTheSocketKeepsServing() {
        String alice = engine.createUser("alice");
        String bob = engine.createUser("bob");
        Connected watcher = engine.connect(engine.gw1, alice, null);
        for (int i = 0; i < 10; i++) {
            watcher.client().send("{\"type\":\"watch\",\"users\":[\"" + bob + "\"]}");
        }
        JsonNode refused = watcher.client().next(Engine.WAIT, f -> "error".equals(f.path("type").asText()));
        assertEquals("rate_limited", refused.path("code").asText(), refused.toString());
        engine.connect(engine.gw2, bob, null);
        watcher.client().next(Engine.WAIT, f -> "presence".equals(f.path("type").asText())
                && f.path("online").asBoolean());
    }

    /** Handshakes racing a deactivation: whichever wins, no socket of the deactivated user stays open. */
    @Test
    @Order(19)
    void noHandshakeRacingADeactivationLeavesASocketOpen() throws Exception {
        String dave = engine.createUser("dave");
        ExecutorService pool = Executors.newFixedThreadPool(20);
        try {
            List<Future<WsClient>> opening = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                ServiceProcess gateway = i % 2 == 0 ? engine.gw1 : engine.gw2;
                opening.add(pool.submit(() -> WsClient.connect(gateway.wsUrl(), Tokens.user(dave), "")));
            }
            var response = HttpCalls.send("DELETE", engine.users.httpUrl() + "/users/" + dave, Tokens.admin(), null);
            assertEquals(204, response.statusCode(), response.body());
            List<WsClient> opened = new ArrayList<>();
            for (Future<WsClient> open : opening) {
                try {
                    opened.add(open.get(30, TimeUnit.SECONDS));
                } catch (ExecutionException refused) {
                    // refused at the handshake: the deactivation was known there
                }
            }
            Await.until(Duration.ofSeconds(2), "every socket of dave closed",
                    () -> opened.stream().allMatch(WsClient::isClosed));
            opened.forEach(WsClient::close);
        } finally {
            pool.shutdownNow();
        }
    }

    /** The default cap, 100 sockets per user per gateway: the 101st handshake is refused, other gateways are not. */
    @Test
    @Order(20)
    void aUserHoldsAtMostAHundredSocketsOnAGateway() {
        String alice = engine.createUser("alice");
        List<Connected> held = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            held.add(engine.connect(engine.gw1, alice, null));
        }
        String url = engine.gw1.httpUrl() + "/ws";
        assertRefused(HttpCalls.get(url, Tokens.user(alice)), 429, "too_many_connections");
        engine.connect(engine.gw2, alice, null); // the cap is per gateway
        engine.connect(engine.gw1, engine.createUser("bob"), null); // and per user

        held.get(0).client().close();
        Await.until(Duration.ofSeconds(10), "a socket freed for alice on gw1",
                () -> HttpCalls.get(url, Tokens.user(alice)).statusCode() != 429);
        engine.connect(engine.gw1, alice, null);
    }

    @Test
    @Order(21)
    void rs256TokensOfTheJwksOpenSocketsAndServeTheApis() {
        String erin = "erin-" + UUID.randomUUID().toString().substring(0, 8);
        var created = HttpCalls.send("POST", engine.users.httpUrl() + "/users", identityProvider.admin(),
                "{\"username\":\"" + erin + "\",\"displayName\":\"Erin\"}");
        assertEquals(201, created.statusCode(), created.body());
        WsClient socket = WsClient.connect(engine.gw2.wsUrl(), identityProvider.user(erin), "");
        try {
            assertEquals("welcome", socket.next(Engine.WAIT).path("type").asText());
        } finally {
            socket.close();
        }
        // query-api's users store follows the users topic on its own: it may learn of erin after the gateway did
        Await.until(Engine.WAIT, "erin's profile from query-api with an RS256 token", () -> HttpCalls.get(
                engine.query.httpUrl() + "/users/" + erin, identityProvider.user(erin)).statusCode() == 200);
        assertRefused(HttpCalls.get(engine.gw1.httpUrl() + "/ws", identityProvider.withUnknownKid(erin)), 401,
                "invalid_token");
    }

    /**
     * Two sockets on tokens that expire in 8 s: both are told `expiring`; the one refreshed (with a JWKS token,
     * checked off the I/O thread) outlives the first token, the other is closed with 4001.
     */
    @Test
    @Order(22)
    void aRefreshedSocketOutlivesItsFirstTokenAndAnotherIsWarnedThenClosedWith4001() {
        String dave = engine.createUser("dave");
        String shortLived = Tokens.sign(Tokens.claims(dave, Duration.ofSeconds(8)), Tokens.SECRET);
        try (WsClient kept = WsClient.connect(engine.gw1.wsUrl(), shortLived, "");
             WsClient lapsed = WsClient.connect(engine.gw1.wsUrl(), shortLived, "")) {
            for (WsClient socket : List.of(kept, lapsed)) {
                assertEquals("welcome", socket.next(Engine.WAIT).path("type").asText());
                JsonNode expiring = socket.nextOfType("expiring", Engine.WAIT);
                assertTrue(expiring.path("in").asLong() <= 8, expiring.toString());
            }
            kept.send(refresh(Tokens.user("someone-else"), "t1"));
            assertEquals("forbidden", kept.nextOfType("error", Engine.WAIT).path("code").asText());
            kept.send(refresh(Tokens.user(dave) + "x", "t2"));
            assertEquals("invalid_token", kept.nextOfType("error", Engine.WAIT).path("code").asText());
            kept.send(refresh(identityProvider.user(dave), "t3"));
            JsonNode refreshed = kept.nextOfType("refreshed", Engine.WAIT);
            assertEquals("t3", refreshed.path("ref").asText());

            assertEquals(4001, lapsed.closeCode(Duration.ofSeconds(10)));
            kept.send("{\"type\":\"send\",\"to\":\"" + dave + "\",\"text\":\"still here\",\"ref\":\"k1\"}");
            assertEquals("k1", kept.nextOfType("sent", Engine.WAIT).path("ref").asText(), "it still sends");
            assertFalse(kept.isClosed(), "the refreshed socket is open after the first token expired");
        }
    }

    private static String refresh(String token, String ref) {
        return "{\"type\":\"refresh\",\"token\":\"" + token + "\",\"ref\":\"" + ref + "\"}";
    }

    private static void assertRefused(java.net.http.HttpResponse<String> response, int status, String code) {
        assertEquals(status, response.statusCode(), response.body());
        assertEquals(code, Json.parse(response.body()).path("error").asText(), response.body());
    }
}
