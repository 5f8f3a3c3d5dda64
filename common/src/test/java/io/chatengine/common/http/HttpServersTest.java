package io.chatengine.common.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.undertow.Undertow;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A real server on a free port, spoken to over a raw socket, as a hostile client would. */
class HttpServersTest {
    private Undertow server;
    private int port;

    @BeforeEach
    void start() {
        server = HttpServers.on("127.0.0.1", 0, exchange -> exchange.getResponseSender().send("ok"));
        server.start();
        port = ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    @Test
    void anOrdinaryRequestIsServed() throws IOException {
        assertEquals(200, status("GET / HTTP/1.1\r\nHost: x\r\nX-Small: " + "a".repeat(1_000) + "\r\n\r\n"));
    }

    @Test
    void aHeaderOf64KiBIsNotServed() throws IOException {
        int status = status("GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(64 * 1024) + "\r\n\r\n");
        assertEquals(400, status, "Undertow refuses an oversize head with 400 (not 431) and closes the connection");
    }

    @Test
    void aClientThatTricklesItsRequestIsCutOffAfterTheParseTimeout() throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout((int) HttpServers.PARSE_TIMEOUT.plusSeconds(10).toMillis());
            OutputStream out = socket.getOutputStream();
            out.write("GET / HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII)); // and never the end
            out.flush();
            long started = System.nanoTime();
            InputStream in = socket.getInputStream();
            while (in.read() >= 0) {
                // whatever the server says before it closes
            }
            long heldMs = (System.nanoTime() - started) / 1_000_000;
            assertTrue(heldMs < HttpServers.PARSE_TIMEOUT.plusSeconds(5).toMillis(), "held " + heldMs + " ms");
        }
    }

    /** The status of the answer, or -1 when the server closed the connection without one. */
    private int status(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            byte[] head = new byte[12];
            int read = socket.getInputStream().readNBytes(head, 0, 12);
            if (read < 12) {
                return -1;
            }
            return Integer.parseInt(new String(head, 9, 3, StandardCharsets.US_ASCII));
        } catch (java.net.SocketException reset) {
            return -1;
        }
    }
}
