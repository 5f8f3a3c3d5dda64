package io.chatengine.gateway.ws;

import io.undertow.Handlers;
import io.undertow.Undertow;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.xnio.Options;

/**
 * A WebSocket server on 127.0.0.1 whose every socket becomes a {@link Connection}, for tests of what the gateway
 * does with sockets; the socket's user is the {@code user} query parameter, alice without one, and it resumes from
 * the {@code since} parameter, if there is one. Its send buffer is
 * small, so frames a client does not read pile up in the gateway rather than in the kernel.
 */
public final class TestSockets implements AutoCloseable {
    private final BlockingQueue<Connection> opened = new LinkedBlockingQueue<>();
    private final Map<Connection, CompletableFuture<Void>> closed = new ConcurrentHashMap<>();
    private final AtomicInteger pagesAskedFor = new AtomicInteger();
    private final AtomicInteger openedCount = new AtomicInteger();
    private final Undertow server;

    /** @param outboundLimit bytes of frames that may wait for each client */
    public TestSockets(long outboundLimit) {
        AtomicInteger ids = new AtomicInteger();
        server = Undertow.builder()
                .addHttpListener(0, "127.0.0.1")
                .setSocketOption(Options.SEND_BUFFER, 4_096)
                .setHandler(Handlers.websocket((exchange, channel) -> {
                    long now = System.nanoTime();
                    String user = exchange.getRequestParameters().getOrDefault("user", List.of("alice")).get(0);
                    List<String> since = exchange.getRequestParameters().get("since");
                    Connection connection = new Connection("c-" + ids.incrementAndGet(), user, channel,
                            since == null ? null : Long.valueOf(since.get(0)),
                            Long.MAX_VALUE, outboundLimit, new RateLimiter(10, 20, now), new RateLimiter(2, 4, now),
                            new ErrorWindow(20), () -> {
                    }, asking -> pagesAskedFor.incrementAndGet());
                    CompletableFuture<Void> tcpClosed = new CompletableFuture<>();
                    closed.put(connection, tcpClosed);
                    channel.addCloseTask(ch -> tcpClosed.complete(null));
                    channel.resumeReceives();
                    opened.add(connection);
                    openedCount.incrementAndGet();
                }))
                .build();
        server.start();
    }

    public int port() {
        return ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
    }

    public String url() {
        return "ws://127.0.0.1:" + port() + "/";
    }

    /** The next socket a client opened, waiting up to 5 s for it. */
    public Connection next() throws InterruptedException, TimeoutException {
        Connection connection = opened.poll(5, TimeUnit.SECONDS);
        if (connection == null) {
            throw new TimeoutException("no socket opened within 5 s");
        }
        return connection;
    }

    /** How many sockets were opened so far. */
    public int opened() {
        return openedCount.get();
    }

    /** Completes when the connection's TCP connection is closed. */
    public CompletableFuture<Void> tcpClosed(Connection connection) {
        return closed.get(connection);
    }

    /** How many times a connection asked for its resume's next page. */
    public int pagesAskedFor() {
        return pagesAskedFor.get();
    }

    @Override
    public void close() {
        server.stop();
    }
}
