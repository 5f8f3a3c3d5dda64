package io.chatengine.gateway.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatengine.common.auth.JwtVerifier;
import io.chatengine.common.auth.Principal;
import io.chatengine.common.auth.TokenRejected;
import io.chatengine.common.config.Env;
import io.chatengine.common.protocol.MessageIds;
import io.chatengine.common.users.Accounts;
import io.chatengine.gateway.config.GatewayConfig;
import io.chatengine.gateway.presence.PresenceView;
import io.chatengine.schemas.avro.ConnectionEvent;
import io.chatengine.schemas.avro.ConnectionKind;
import io.chatengine.schemas.avro.MessageCopy;
import io.chatengine.schemas.avro.MessageSent;
import io.chatengine.testsupport.Await;
import io.chatengine.testsupport.FixedAccounts;
import io.chatengine.testsupport.Tokens;
import io.chatengine.testsupport.WsClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.undertow.Handlers;
import io.undertow.Undertow;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The life of a socket after the upgrade ({@link SocketHandler}): real sockets on this machine, the handshake's
 * outcome attached as {@code Handshake} attaches it, and what would go to Kafka recorded instead.
 */
class SocketHandlerTest {
    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final long EPOCH = 7;
    private static final Map<String, Accounts.Status> ACCOUNTS = Map.of("alice", Accounts.Status.ACTIVE,
            "bob", Accounts.Status.ACTIVE, "dora", Accounts.Status.DEACTIVATED);
    private final GatewayConfig config = GatewayConfig.from(new Env(Map.of("CHAT_JWT_SECRET", Tokens.SECRET,
            "CHAT_RATE_LIMIT_PER_SECOND", "1", "CHAT_MAX_ERRORS", "2", "CHAT_MAX_FRAME_BYTES", "1024")));
    private final JwtVerifier verifier = new JwtVerifier(config.jwt());
    private final List<ConnectionEvent> announced = new CopyOnWriteArrayList<>();
    private final List<MessageSent> published = new CopyOnWriteArrayList<>();
    private final List<WsClient> clients = new ArrayList<>();
    private final Connections connections = new Connections();
    private volatile boolean kafkaAway;
    private PresenceView presence;
    private SocketHandler handler;
    private Undertow server;

    @BeforeEach
    void start() {
        presence = new PresenceView(config.service().kafka(), "test"); // never started: no Kafka is asked
        Accounts accounts = FixedAccounts.of(ACCOUNTS);
        RecordedRoomRecords rooms = new RecordedRoomRecords();
        SocketHandler.Records records = new SocketHandler.Records(event -> {
            announced.add(event);
            return written();
        }, message -> {
            published.add(message);
            return written();
        }, rooms);
        handler = new SocketHandler(config, EPOCH, connections, accounts, presence, records,
                new RoomInterests(config.service().instanceId(), EPOCH, rooms), verifier, new SimpleMeterRegistry());
        server = Undertow.builder().addHttpListener(0, "127.0.0.1").setHandler(Handlers.websocket((exchange, channel) -> {
            Map<String, List<String>> query = exchange.getRequestParameters();
            exchange.putAttachment(SocketHandler.PRINCIPAL, principal(Tokens.user(query.get("user").get(0))));
            exchange.putAttachment(SocketHandler.SINCE, query.containsKey("since")
                    ? Long.valueOf(query.get("since").get(0)) : null);
            handler.onConnect(exchange, channel);
        })).build();
        server.start();
    }

    @AfterEach
    void stop() {
        clients.forEach(WsClient::close);
        server.stop();
        presence.close();
    }

    @Test
    void aSocketIsRegisteredAndAnnouncedOpenedFromTheSeqItResumesFrom() throws Exception {
        connect("alice", 4L);
        Connection alice = registered("alice");
        Await.until(WAIT, "announced", () -> !announced.isEmpty());
        ConnectionEvent opened = announced.get(0);
        assertEquals(ConnectionKind.OPENED, opened.getKind());
        assertEquals(List.of("alice", config.service().instanceId(), EPOCH, alice.id(), 4L),
                List.of(opened.getUsername(), opened.getGateway(), opened.getEpoch(), opened.getConnection(),
                        opened.getSince()));
    }

    @Test
    void aClosedSocketIsAnnouncedClosedAndNoLongerHeld() throws Exception {
        WsClient client = welcomed("alice"); // before its welcome a socket's frames, its close too, are not read
        Connection alice = registered("alice");
        client.close();
        Await.until(WAIT, "announced closed", () -> announced.stream().anyMatch(e ->
                e.getKind() == ConnectionKind.CLOSED && e.getConnection().equals(alice.id())));
        assertEquals(0, connections.count("alice"));
    }

    @Test
    void aUserDeactivatedSinceTheHandshakeIsClosedWith4003AndNeverAnnouncedOpened() throws Exception {
        WsClient client = connect("dora", null);
        assertEquals(4003, client.closeCode(WAIT));
        Await.until(WAIT, "no longer held", () -> connections.count("dora") == 0);
        assertTrue(announced.stream().noneMatch(e -> e.getKind() == ConnectionKind.OPENED));
    }

    @Test
    void aSocketThatCannotBeAnnouncedIsClosedWith1001ToReconnect() throws Exception {
        kafkaAway = true;
        assertEquals(1001, connect("alice", null).closeCode(WAIT));
    }

    @Test
    void aSendToAnActiveUserIsPublishedAsTheSendersCopyAndWaitsForItsAnswer() throws Exception {
        WsClient client = welcomed("alice");
        Connection alice = registered("alice");
        client.send("{\"type\":\"send\",\"to\":\"bob\",\"ref\":\"c1\",\"text\":\"hi\"}");
        Await.until(WAIT, "published", () -> !published.isEmpty());
        MessageSent sent = published.get(0);
        assertEquals(List.of(MessageIds.of("alice", "c1"), "alice", "bob", "c1", "hi", config.service().instanceId(), alice.id(),
                        MessageCopy.SENDER),
                List.of(sent.getId(), sent.getFrom(), sent.getTo(), sent.getRef(), sent.getText(), sent.getGateway(),
                        sent.getConnection(), sent.getCopy()));
        assertNotNull(alice.answers().answered(sent.getId()), "its answer is awaited");
    }

    @Test
    void aSendToNoSuchUserIsRefusedAndNotPublished() throws Exception {
        WsClient client = welcomed("alice");
        client.send("{\"type\":\"send\",\"to\":\"nobody\",\"ref\":\"c1\",\"text\":\"hi\"}");
        assertError(client.next(WAIT), "unknown_recipient", "c1");
        assertEquals(List.of(), published);
    }

    @Test
    void aSendKafkaRefusesIsAnsweredUnavailableToBeSentAgain() throws Exception {
        WsClient client = welcomed("alice");
        kafkaAway = true;
        client.send("{\"type\":\"send\",\"to\":\"bob\",\"ref\":\"c1\",\"text\":\"hi\"}");
        assertError(client.next(WAIT), "unavailable", "c1");
    }

    @Test
    void sendsBeyondTheRateAreRefusedRateLimited() throws Exception {
        WsClient client = welcomed("alice"); // 1 a second, 2 at once
        for (int i = 1; i <= 3; i++) {
            client.send("{\"type\":\"send\",\"to\":\"bob\",\"ref\":\"c" + i + "\",\"text\":\"hi\"}");
        }
        assertError(client.next(WAIT), "rate_limited", "c3");
        assertEquals(2, published.size());
    }

    @Test
    void aRefreshWithTheUsersOwnTokenMovesTheExpiryAndAnyOtherIsRefused() throws Exception {
        WsClient client = welcomed("alice");
        Connection alice = registered("alice");
        long before = alice.expiresAtMillis();
        String later = Tokens.sign(Tokens.claims("alice", Duration.ofHours(2)), Tokens.SECRET);
        client.send("{\"type\":\"refresh\",\"ref\":\"r1\",\"token\":\"" + later + "\"}");
        JsonNode refreshed = client.next(WAIT);
        assertEquals("refreshed", refreshed.path("type").asText());
        assertEquals("r1", refreshed.path("ref").asText());
        assertNotEquals(before, alice.expiresAtMillis());
        assertEquals(principal(later).expiresAtMillis(), alice.expiresAtMillis());

        client.send("{\"type\":\"refresh\",\"ref\":\"r2\",\"token\":\"" + Tokens.user("bob") + "\"}");
        assertError(client.next(WAIT), "forbidden", "r2");
        client.send("{\"type\":\"refresh\",\"ref\":\"r3\",\"token\":\"" + Tokens.expired("alice") + "\"}");
        assertError(client.next(WAIT), "token_expired", "r3");
        assertEquals(principal(later).expiresAtMillis(), alice.expiresAtMillis(), "moved by its own token only");
    }

    @Test
    void tooManyErrorsCloseTheSocketWith4008() throws Exception {
        WsClient client = welcomed("alice"); // 2 errors allowed
        for (int i = 0; i < 3; i++) {
            client.send("{\"type\":\"nonsense\"}");
        }
        assertEquals(4008, client.closeCode(WAIT));
    }

    @Test
    void aBinaryFrameClosesWith1003() throws Exception {
        WsClient client = welcomed("alice");
        client.sendBinary(new byte[] {1, 2, 3});
        assertEquals(1003, client.closeCode(WAIT));
    }

    @Test
    void aFrameOverTheLimitClosesWith1009() throws Exception {
        WsClient client = welcomed("alice"); // 1,024 bytes at most
        client.send("{\"type\":\"send\",\"to\":\"bob\",\"ref\":\"c1\",\"text\":\"" + "x".repeat(2_000) + "\"}");
        assertEquals(1009, client.closeCode(WAIT));
    }

    @Test
    void aPongIsHeardFromTheClient() throws Exception {
        welcomed("alice");
        Connection alice = registered("alice");
        long heard = alice.lastHeardNanos();
        alice.pingIfDue(System.nanoTime(), 0);
        Await.until(WAIT, "the pong heard", () -> alice.lastHeardNanos() != heard);
    }

    @Test
    void announcingAgainAnnouncesEachOpenSocketFromTheSeqItHolds() throws Exception {
        welcomed("alice"); // the welcome's seq: 5
        Connection alice = registered("alice");
        announced.clear();
        handler.announceAgain(connections.all());
        Await.until(WAIT, "announced again", () -> !announced.isEmpty());
        assertEquals(List.of(ConnectionKind.OPENED, alice.id(), 5L), List.of(announced.get(0).getKind(),
                announced.get(0).getConnection(), announced.get(0).getSince()));
    }

    @Test
    void aSocketThatCannotBeAnnouncedAgainIsClosedWith1001ToReconnectAndResume() throws Exception {
        // presence-stream may have dropped it while heartbeats could not reach Kafka: unannounced, it would never
        // be routed a frame again
        WsClient client = welcomed("alice");
        kafkaAway = true;
        handler.announceAgain(connections.all());
        assertEquals(1001, client.closeCode(WAIT));
        Await.until(WAIT, "no longer held", () -> connections.count("alice") == 0);
    }

    private WsClient connect(String user, Long since) {
        WsClient client = WsClient.connect("ws://127.0.0.1:" + port() + "/", null,
                "user=" + user + (since == null ? "" : "&since=" + since));
        clients.add(client);
        return client;
    }

    /** A socket of {@code user}'s whose welcome is out (seq 5): its frames are read from then on. */
    private WsClient welcomed(String user) throws Exception {
        WsClient client = connect(user, null);
        registered(user).deliver("{\"type\":\"welcome\",\"seq\":5}", 5L, DeliveryGate.Kind.WELCOME);
        assertEquals("welcome", client.next(WAIT).path("type").asText());
        return client;
    }

    private Connection registered(String user) {
        return Await.value(WAIT, user + "'s socket registered", () -> connections.all().stream()
                .filter(c -> c.user().equals(user)).findFirst().orElse(null));
    }

    private Principal principal(String token) {
        try {
            return verifier.verify(token);
        } catch (TokenRejected e) {
            throw new IllegalStateException(e);
        }
    }

    private CompletableFuture<Void> written() {
        return kafkaAway ? CompletableFuture.failedFuture(new IllegalStateException("Kafka is away"))
                : CompletableFuture.completedFuture(null);
    }

    private int port() {
        return ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
    }

    private static void assertError(JsonNode frame, String code, String ref) {
        assertEquals("error", frame.path("type").asText(), frame.toString());
        assertEquals(code, frame.path("code").asText(), frame.toString());
        assertEquals(ref, frame.path("ref").asText(), frame.toString());
    }
}
