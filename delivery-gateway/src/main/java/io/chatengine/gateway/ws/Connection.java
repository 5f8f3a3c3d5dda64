package io.chatengine.gateway.ws;

import io.chatengine.common.protocol.CloseCodes;
import io.undertow.websockets.core.WebSocketCallback;
import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.core.WebSockets;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.xnio.IoUtils;

/**
 * One client socket and what the gateway tracks about it. Sends never block: frames queue in Undertow, and a
 * client that lets more than the configured number pile up is closed with 4009 (it can resume).
 */
public final class Connection {
    private final String id;
    private final String user;
    private final WebSocketChannel channel;
    private final long expiresAtMillis;
    private final int outboundLimit;
    private final Runnable onFrameOut;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicBoolean closing = new AtomicBoolean();
    final RateLimiter rateLimiter;
    final RateLimiter watchLimiter;
    final ErrorWindow errors;
    private final DeliveryGate gate;
    private volatile long lastHeardNanos = System.nanoTime();
    private volatile long lastPingNanos = System.nanoTime();
    private volatile List<String> watched = List.of();

    Connection(String id, String user, WebSocketChannel channel, Long since, long expiresAtMillis, int outboundLimit,
               RateLimiter rateLimiter, RateLimiter watchLimiter, ErrorWindow errors, Runnable onFrameOut) {
        this.id = id;
        this.gate = new DeliveryGate(since);
        this.user = user;
        this.channel = channel;
        this.expiresAtMillis = expiresAtMillis;
        this.outboundLimit = outboundLimit;
        this.rateLimiter = rateLimiter;
        this.watchLimiter = watchLimiter;
        this.errors = errors;
        this.onFrameOut = onFrameOut;
    }

    public String id() {
        return id;
    }

    public String user() {
        return user;
    }

    public long expiresAtMillis() {
        return expiresAtMillis;
    }

    public void send(String frame) {
        if (closing.get()) {
            return;
        }
        if (inFlight.incrementAndGet() > outboundLimit) {
            close(CloseCodes.TOO_SLOW, "too slow: frames were not read");
            return;
        }
        WebSockets.sendText(frame, channel, new WebSocketCallback<Void>() {
            @Override
            public void complete(WebSocketChannel ch, Void context) {
                inFlight.decrementAndGet();
                onFrameOut.run();
            }

            @Override
            public void onError(WebSocketChannel ch, Void context, Throwable throwable) {
                inFlight.decrementAndGet();
                IoUtils.safeClose(ch);
            }
        });
    }

    /**
     * A frame routed from the inbox, unless this socket has it already ({@link DeliveryGate}). The client's frames are read only once the welcome is out: the welcome is always the
     * first frame, and a message sent right after opening is sequenced after the connection is known, so it
     * reaches this socket too.
     */
    public synchronized void deliver(String frame, Long seq, boolean welcome) {
        if (!gate.admit(seq, welcome)) {
            return;
        }
        send(frame);
        if (welcome) {
            channel.getIoThread().execute(channel::resumeReceives);
        }
    }

    /** The seq this socket holds everything up to (null: none), from which it would resume. */
    public synchronized Long held() {
        return gate.held();
    }

    /** Sends a close frame with the code, then closes the socket whether or not the client answers. */
    public void close(int code, String reason) {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        WebSockets.sendClose(code, reason, channel, new WebSocketCallback<Void>() {
            @Override
            public void complete(WebSocketChannel ch, Void context) {
                ch.getIoThread().executeAfter(() -> IoUtils.safeClose(ch), 1, java.util.concurrent.TimeUnit.SECONDS);
            }

            @Override
            public void onError(WebSocketChannel ch, Void context, Throwable throwable) {
                IoUtils.safeClose(ch);
            }
        });
    }

    public boolean isOpen() {
        return channel.isOpen() && !closing.get();
    }

    public void heard() {
        lastHeardNanos = System.nanoTime();
    }

    public long lastHeardNanos() {
        return lastHeardNanos;
    }

    /** Pings when one is due; the pong, like any frame, refreshes {@link #heard()}. */
    public void pingIfDue(long nowNanos, long intervalNanos) {
        if (nowNanos - lastPingNanos >= intervalNanos && isOpen()) {
            lastPingNanos = nowNanos;
            WebSockets.sendPing(java.nio.ByteBuffer.allocate(0), channel, null);
        }
    }

    public List<String> watched() {
        return watched;
    }

    public void watched(List<String> users) {
        this.watched = users;
    }
}
