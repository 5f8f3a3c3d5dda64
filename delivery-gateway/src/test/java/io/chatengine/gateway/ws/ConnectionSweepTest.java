package io.chatengine.gateway.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatengine.common.kafka.KafkaProps;
import io.chatengine.testsupport.WsClient;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The once-a-second sweep over a gateway's sockets ({@link GatewayFixture}: real sockets on this machine). */
class ConnectionSweepTest {
    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final Duration IDLE = Duration.ofSeconds(60);
    private static final Duration PING = Duration.ofSeconds(25);
    private static final String WELCOME = "{\"type\":\"welcome\",\"seq\":0}";
    private final GatewayFixture gateway = new GatewayFixture();
    private final Connections connections = gateway.connections;
    private final ConnectionSweep sweep = new ConnectionSweep(connections, IDLE, PING);
    private WsClient client;

    @AfterEach
    void stop() {
        gateway.close();
    }

    @Test
    void aSocketWhoseTokenExpiredIsClosedWith4001() throws Exception {
        Connection connection = welcomed();
        connection.refreshed(System.currentTimeMillis() - 1);
        sweep.run();
        assertEquals(4001, client.closeCode(WAIT));
    }

    @Test
    void aSocketHeardFromWithinTheIdleTimeStaysOpenAndOneSilentForLongerIsClosedWith1000() throws Exception {
        Connection connection = welcomed();
        sweep.run();
        assertTrue(connection.isOpen(), "heard from when it opened, less than a minute ago");
        new ConnectionSweep(connections, Duration.ZERO, PING).run(); // silent for longer than no time at all
        assertEquals(1000, client.closeCode(WAIT));
        assertFalse(connection.isOpen());
    }

    @Test
    void aSocketWhoseTokenExpiresWithinTheNoticeIsToldOnce() throws Exception {
        Connection connection = welcomed();
        connection.refreshed(System.currentTimeMillis() + ConnectionSweep.EXPIRY_NOTICE.toMillis() / 2);
        sweep.run();
        sweep.run();
        assertEquals("welcome", client.next(WAIT).path("type").asText());
        JsonNode expiring = client.next(WAIT);
        assertEquals("expiring", expiring.path("type").asText());
        assertTrue(expiring.path("in").asLong() <= ConnectionSweep.EXPIRY_NOTICE.toSeconds() / 2);
        connection.send("{\"type\":\"marker\"}");
        assertEquals("marker", client.next(WAIT).path("type").asText(), "told once");
    }

    @Test
    void aTokenFarFromExpiryIsNotTold() throws Exception {
        Connection connection = welcomed();
        connection.refreshed(System.currentTimeMillis() + ConnectionSweep.EXPIRY_NOTICE.toMillis() * 2);
        sweep.run();
        assertEquals("welcome", client.next(WAIT).path("type").asText());
        connection.send("{\"type\":\"marker\"}");
        assertEquals("marker", client.next(WAIT).path("type").asText());
    }

    @Test
    void aSendWhoseAnswerIsLateIsAnsweredUnavailableOnceAndAYoungerOneWaits() throws Exception {
        Connection connection = welcomed();
        long now = System.nanoTime();
        connection.answers().await("m1", "c1", "bob", "hi", now - KafkaProps.ANSWER_WITHIN.toNanos());
        connection.answers().await("m2", "c2", "bob", "there", now);
        sweep.run();
        sweep.run();
        assertEquals("welcome", client.next(WAIT).path("type").asText());
        JsonNode late = client.next(WAIT);
        assertEquals("error", late.path("type").asText());
        assertEquals("unavailable", late.path("code").asText());
        assertEquals("c1", late.path("ref").asText());
        connection.send("{\"type\":\"marker\"}");
        assertEquals("marker", client.next(WAIT).path("type").asText(), "once");
        assertNull(connection.answers().answered("m1"), "c1 waits no more");
        assertNotNull(connection.answers().answered("m2"), "c2 still waits");
    }

    /** A socket of alice's that got its welcome ({@link #client} is its client). */
    private Connection welcomed() throws Exception {
        GatewayFixture.Socket socket = gateway.open("alice");
        client = socket.client();
        socket.connection().deliver(WELCOME, 0L, DeliveryGate.Kind.WELCOME);
        return socket.connection();
    }
}
