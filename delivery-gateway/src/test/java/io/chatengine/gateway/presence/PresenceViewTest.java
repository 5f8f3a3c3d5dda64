package io.chatengine.gateway.presence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatengine.common.config.KafkaSettings;
import io.chatengine.gateway.ws.Connection;
import io.chatengine.gateway.ws.TestSockets;
import io.chatengine.schemas.TopicSettings;
import io.chatengine.schemas.avro.Presence;
import io.chatengine.testsupport.Await;
import io.chatengine.testsupport.WsClient;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Who watches whom on one gateway, over real sockets; presence changes are fed as the topic would. */
class PresenceViewTest {
    private static final Instant AT = Instant.parse("2026-11-26T10:00:00Z");
    private static final Duration WAIT = Duration.ofSeconds(5);
    private final TestSockets sockets = new TestSockets(1 << 20);
    private PresenceView view;

    @BeforeEach
    void start() throws Exception {
        // never started: no Kafka is asked, the test feeds the changes
        view = new PresenceView(new KafkaSettings("127.0.0.1:1", new TopicSettings(1, (short) 1, 3_600_000),
                Files.createTempDirectory("presence-view").toString()), "test");
    }

    @AfterEach
    void stop() {
        view.close();
        sockets.close();
    }

    @Test
    void aWatchGetsTheCurrentStateOfEachUserAtOnceThenEveryChange() throws Exception {
        view.changed("bob", new Presence("bob", true, 1, AT, AT, List.of()));
        try (WsClient client = WsClient.connect(sockets.url(), null, "")) {
            Connection watcher = sockets.next();
            view.watch(watcher, List.of("bob", "carol"));
            JsonNode bob = client.next(WAIT);
            assertEquals("bob", bob.path("user").asText());
            assertTrue(bob.path("online").asBoolean());
            JsonNode carol = client.next(WAIT);
            assertEquals("carol", carol.path("user").asText());
            assertTrue(carol.path("lastSeen").isNull(), "never seen online");

            view.changed("bob", new Presence("bob", false, 0, AT.plusSeconds(5), AT, List.of()));
            JsonNode offline = client.next(WAIT);
            assertEquals("bob", offline.path("user").asText());
            assertEquals(false, offline.path("online").asBoolean());
            assertEquals("2026-11-26T10:00:05.000Z", offline.path("lastSeen").asText());
        }
    }

    @Test
    void aNewWatchReplacesTheListAndAClosedSocketIsToldNothing() throws Exception {
        try (WsClient first = WsClient.connect(sockets.url(), null, "");
             WsClient second = connectedAfter(first)) {
            Connection one = sockets.next(); // opened in the clients' order: one is first's, two is second's
            Connection two = sockets.next();
            view.watch(one, List.of("bob"));
            view.watch(one, List.of("carol")); // bob is no longer watched
            view.watch(two, List.of("bob"));
            view.unwatch(two); // as when its socket closes
            view.changed("bob", new Presence("bob", true, 1, AT, AT, List.of()));
            view.changed("carol", new Presence("carol", true, 1, AT, AT, List.of()));
            List<String> toOne = List.of(first.next(WAIT), first.next(WAIT), first.next(WAIT)).stream()
                    .map(frame -> frame.path("user").asText() + ":" + frame.path("online").asBoolean()).toList();
            assertEquals(List.of("bob:false", "carol:false", "carol:true"), toOne,
                    "the state of each at its watch, then carol's change only");
            assertEquals("bob", second.next(WAIT).path("user").asText(), "its watch's state");
            two.send("{\"type\":\"marker\"}"); // after the changes: whatever they sent two is before it
            assertEquals("marker", second.next(WAIT).path("type").asText(), "nothing after its unwatch");
        }
    }

    /** A second client, connected once the server holds the first one's socket, so their order is known. */
    private WsClient connectedAfter(WsClient first) throws Exception {
        Await.until(WAIT, "the first socket opened", () -> sockets.opened() >= 1);
        return WsClient.connect(sockets.url(), null, "");
    }
}
