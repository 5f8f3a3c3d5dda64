package io.chatengine.gateway.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chatengine.common.protocol.Disconnect;
import io.chatengine.testsupport.Await;
import io.chatengine.testsupport.WsClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A {@link Connection} on a real Undertow socket ({@link TestSockets}). */
class ConnectionTest {
    private static final int LIMIT = 64 * 1024;
    private static final String FRAME = "{\"type\":\"message\",\"text\":\"" + "x".repeat(8_000) + "\"}";
    private final TestSockets sockets = new TestSockets(LIMIT);

    @AfterEach
    void stop() {
        sockets.close();
    }

    @Test
    void aClientThatStopsReadingIsReleasedAtOnceWhenItsBufferIsFull() throws Exception {
        try (Socket client = new Socket()) {
            client.setReceiveBufferSize(4_096);
            client.connect(new InetSocketAddress("127.0.0.1", sockets.port()));
            upgrade(client); // and never read again
            Connection connection = sockets.next();
            int sent = 0;
            while (connection.isOpen() && sent < 1_000) {
                connection.send(FRAME);
                sent++;
            }
            assertFalse(connection.isOpen(), "closed after " + sent + " unread frames");
            assertTrue(sent * FRAME.length() < 1_000_000, "long before a megabyte: " + sent + " frames");
            long closing = System.nanoTime();
            sockets.tcpClosed(connection).get(Connection.CLOSE_GRACE_MILLIS / 2, TimeUnit.MILLISECONDS);
            assertTrue(System.nanoTime() - closing < TimeUnit.MILLISECONDS.toNanos(500),
                    "the TCP connection is released although the client reads nothing");
        }
    }

    @Test
    void aReadingClientGetsEveryFrameAndTheNextPageIsAskedForOnceThePageIsWritten() throws Exception {
        try (WsClient client = WsClient.connect(sockets.url(), null, "")) {
            Connection connection = sockets.next();
            for (int i = 0; i < 6; i++) {
                connection.send(FRAME); // a page of 48 KB, under the limit
            }
            connection.paged(true);
            Await.until(Duration.ofSeconds(5), "the next page asked for", () -> sockets.pagesAskedFor() == 1);
            assertTrue(connection.isOpen());
            for (int i = 0; i < 6; i++) {
                assertEquals("message", client.next(Duration.ofSeconds(5)).path("type").asText());
            }
            connection.paged(false);
            assertEquals(1, sockets.pagesAskedFor(), "once per page");
        }
    }

    @Test
    void aClosedSocketIsClosedWithItsCodeAndReleased() throws Exception {
        try (WsClient client = WsClient.connect(sockets.url(), null, "")) {
            Connection connection = sockets.next();
            connection.close(Disconnect.TOO_SLOW);
            assertEquals(4009, client.closeCode(Duration.ofSeconds(5)));
            sockets.tcpClosed(connection).get(Connection.CLOSE_GRACE_MILLIS * 2, TimeUnit.MILLISECONDS);
        }
    }

    @Test
    void theTokensExpiryIsToldOnlyOnceTheWelcomeIsOut() throws Exception {
        try (WsClient client = WsClient.connect(sockets.url(), null, "")) {
            Connection connection = sockets.next();
            long expiry = connection.expiresAtMillis();
            connection.warnIfExpiring(expiry, 60_000);
            connection.deliver("{\"type\":\"welcome\",\"seq\":0}", 0L, DeliveryGate.Kind.WELCOME);
            connection.warnIfExpiring(expiry, 60_000);
            connection.warnIfExpiring(expiry, 60_000);
            assertEquals("welcome", client.next(Duration.ofSeconds(5)).path("type").asText());
            assertEquals("expiring", client.next(Duration.ofSeconds(5)).path("type").asText());
            connection.send("{\"type\":\"marker\"}");
            assertEquals("marker", client.next(Duration.ofSeconds(5)).path("type").asText(), "told once");
        }
    }

    /** The WebSocket handshake by hand, reading the answer's head only. */
    private static void upgrade(Socket client) throws IOException {
        OutputStream out = client.getOutputStream();
        out.write(("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        InputStream in = client.getInputStream();
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("closed during the handshake: " + head);
            }
            head.append((char) b);
        }
        assertTrue(head.toString().startsWith("HTTP/1.1 101"), head.toString());
    }
}
