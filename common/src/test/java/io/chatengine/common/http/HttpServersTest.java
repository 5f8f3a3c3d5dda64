package io.chatengine.common.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.undertow.Undertow;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A real server on a free port, spoken to over raw sockets, as a hostile client would. */
class HttpServersTest {
    private static final HttpSettings LIMITS = HttpSettings.DEFAULTS;
    private Undertow server;
    private int port;

    private void start(HttpSettings settings) {
        server = HttpServers.on("127.0.0.1", 0, settings, exchange -> exchange.getResponseSender().send("ok"));
        server.start();
        port = ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    @Test
    void anOrdinaryRequestIsServed() throws IOException {
        start(LIMITS);
        assertEquals(200, status("GET / HTTP/1.1\r\nHost: x\r\nX-Small: " + "a".repeat(1_000) + "\r\n\r\n"));
    }

    @Test
    void aHeadOverTheHeaderLimitGets431() throws IOException {
        start(LIMITS);
        String answer = answer("GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(32 * 1024) + "\r\n\r\n");
        assertTrue(answer.startsWith("HTTP/1.1 431 "), answer);
        assertTrue(answer.contains("\"error\":\"headers_too_large\""), answer);
    }

    @Test
    void manyHeadersThatAddUpOverTheLimitGet431() throws IOException {
        start(LIMITS);
        StringBuilder headers = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            headers.append("X-Part-").append(i).append(": ").append("b".repeat(1_000)).append("\r\n");
        }
        assertEquals(431, status("GET / HTTP/1.1\r\nHost: x\r\n" + headers + "\r\n"));
    }

    @Test
    void aHeadOverTheCeilingGetsUndertowsBareRefusal() throws IOException {
        start(LIMITS);
        int status = status("GET / HTTP/1.1\r\nHost: x\r\nX-Huge: "
                + "a".repeat(LIMITS.maxHeaderBytes() * HttpServers.HEAD_CEILING) + "\r\n\r\n");
        assertTrue(status == 400 || status == -1, "Undertow stops reading and answers 400, got " + status);
    }

    @Test
    void aBodyOverTheBodyLimitGets413() throws IOException {
        start(LIMITS);
        int length = LIMITS.maxBodyBytes() + 1;
        String answer = answer("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: " + length + "\r\n\r\n");
        assertTrue(answer.startsWith("HTTP/1.1 413 "), answer);
        assertTrue(answer.contains("\"error\":\"too_large\""), answer);
    }

    @Test
    void aClientThatTricklesItsRequestIsCutOffAfterTheParseTimeout() throws IOException {
        start(LIMITS);
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout((int) LIMITS.parseTimeout().plusSeconds(10).toMillis());
            OutputStream out = socket.getOutputStream();
            out.write("GET / HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII)); // and never the end
            out.flush();
            long started = System.nanoTime();
            InputStream in = socket.getInputStream();
            while (in.read() >= 0) {
                // whatever the server says before it closes
            }
            long heldMs = (System.nanoTime() - started) / 1_000_000;
            assertTrue(heldMs < LIMITS.parseTimeout().plusSeconds(5).toMillis(), "held " + heldMs + " ms");
        }
    }

    @Test
    void aConnectionThatSendsNothingIsClosedAfterTheIdleTimeout() throws IOException {
        start(LIMITS.withIdleTimeout(Duration.ofSeconds(1)));
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            long started = System.nanoTime();
            assertEquals(-1, socket.getInputStream().read(), "closed without an answer");
            long heldMs = (System.nanoTime() - started) / 1_000_000;
            assertTrue(heldMs < 4_000, "held " + heldMs + " ms");
        }
    }

    /**
     * 200 connections that each trickle one byte every 2 s are all closed within 30 s by the default limits,
     * while a health check on fresh connections keeps being answered.
     */
    @Test
    void slowLorisConnectionsAreAllClosedWhileTheServerKeepsAnswering() throws Exception {
        start(LIMITS);
        byte[] trickle = ("GET / HTTP/1.1\r\nHost: x\r\nX-Slow: " + "s".repeat(100)).getBytes(StandardCharsets.US_ASCII);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        try (Selector selector = Selector.open()) {
            List<SocketChannel> open = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                SocketChannel channel = SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
                channel.configureBlocking(false);
                channel.register(selector, SelectionKey.OP_READ);
                open.add(channel);
            }
            int sent = 0;
            long nextByte = System.nanoTime();
            while (!open.isEmpty()) {
                assertTrue(System.nanoTime() < deadline, open.size() + " of 200 slow connections still open after 30 s");
                if (System.nanoTime() >= nextByte) {
                    for (SocketChannel channel : open) {
                        try {
                            channel.write(ByteBuffer.wrap(trickle, sent % trickle.length, 1));
                        } catch (IOException closed) {
                            // the server has gone; the selector reports it
                        }
                    }
                    sent++;
                    nextByte += Duration.ofSeconds(2).toNanos();
                    assertEquals(200, status("GET /health/live HTTP/1.1\r\nHost: x\r\n\r\n"),
                            "answers while " + open.size() + " slow connections are open");
                }
                selector.select(200);
                for (SelectionKey key : selector.selectedKeys()) {
                    SocketChannel channel = (SocketChannel) key.channel();
                    if (closedByServer(channel)) {
                        key.cancel();
                        channel.close();
                        open.remove(channel);
                    }
                }
                selector.selectedKeys().clear();
            }
        }
        assertEquals(200, status("GET /health/live HTTP/1.1\r\nHost: x\r\n\r\n"));
    }

    @Test
    void connectionsBeyondTheCapWaitUntilOthersClose() throws IOException {
        start(LIMITS.withMaxConnections(4));
        List<Socket> idle = new ArrayList<>();
        try (Socket waiting = new Socket()) {
            for (int i = 0; i < 10; i++) {
                idle.add(new Socket("127.0.0.1", port));
            }
            waiting.connect(new InetSocketAddress("127.0.0.1", port));
            waiting.setSoTimeout(1_000);
            waiting.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertTrue(readsNothing(waiting), "a connection beyond the cap is not served");
            for (Socket socket : idle) {
                socket.close();
            }
            waiting.setSoTimeout(10_000);
            byte[] head = waiting.getInputStream().readNBytes(12);
            assertEquals("HTTP/1.1 200", new String(head, StandardCharsets.US_ASCII));
        } finally {
            for (Socket socket : idle) {
                socket.close();
            }
        }
    }

    private static boolean readsNothing(Socket socket) throws IOException {
        try {
            socket.getInputStream().read();
            return false;
        } catch (java.net.SocketTimeoutException expected) {
            return true;
        }
    }

    private static boolean closedByServer(SocketChannel channel) {
        ByteBuffer buffer = ByteBuffer.allocate(1024);
        try {
            int read;
            while ((read = channel.read(buffer)) > 0) {
                buffer.clear();
            }
            return read < 0;
        } catch (IOException reset) {
            return true;
        }
    }

    /** The status of the answer, or -1 when the server closed the connection without one. */
    private int status(String request) throws IOException {
        String answer = read(request, 12);
        return answer.length() < 12 ? -1 : Integer.parseInt(answer.substring(9, 12));
    }

    /** The whole answer of a refusal, after which the server closes; "" when it closed without one. */
    private String answer(String request) throws IOException {
        return read(request, Integer.MAX_VALUE);
    }

    private String read(String request, int bytes) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            return new String(socket.getInputStream().readNBytes(bytes), StandardCharsets.US_ASCII);
        } catch (java.net.SocketException reset) {
            return "";
        }
    }
}
