package io.chatengine.gateway.ws;

import io.chatengine.common.protocol.Disconnect;
import io.chatengine.common.protocol.Frames;
import io.undertow.websockets.core.WebSocketCallback;
import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.core.WebSockets;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.xnio.IoUtils;

/**
 * One client socket and what the gateway tracks about it. Sends never block: frames queue in Undertow, and a
 * client that lets more than the configured bytes pile up is closed with 4009 (it can resume) and its TCP
 * connection released at once, read or not. A resume comes a page at a time: the next page is asked for once
 * the one before is written ({@link #paged}).
 */
public final class Connection {
    /** How long a closed socket's client has to answer the close frame before the TCP connection is dropped. */
    static final long CLOSE_GRACE_MILLIS = 1_000;
    static final int READS_PER_SECOND = 5;
    private final String id;
    private final String user;
    private final WebSocketChannel channel;
    private volatile long expiresAtMillis;
    private final long outboundLimit;
    private final Runnable onFrameOut;
    private final Consumer<Connection> askForMore;
    private final AtomicLong outboundBytes = new AtomicLong();
    private final AtomicBoolean closing = new AtomicBoolean();
    private final AtomicBoolean wantsMore = new AtomicBoolean();
    private final AtomicBoolean expiringSent = new AtomicBoolean();
    /** Whether the welcome is out: until then no other frame may be (the welcome is always the first). */
    private volatile boolean welcomed;
    private final RateLimiter rateLimiter;
    private final RateLimiter watchLimiter;
    private final ErrorWindow errors;
    private final AwaitedAnswers answers = new AwaitedAnswers();
    /** Read receipts this socket may send: a client marks what it shows, not every frame it gets. */
    private final RateLimiter readLimiter = new RateLimiter(READS_PER_SECOND, 4 * READS_PER_SECOND, System.nanoTime());
    private final TypingThrottle typing = new TypingThrottle();
    private final Queue<Runnable> onceWritten = new ConcurrentLinkedQueue<>();
    private final DeliveryGate gate;
    private volatile long lastHeardNanos = System.nanoTime();
    private volatile long lastPingNanos = System.nanoTime();
    private volatile List<String> watched = List.of();

    /**
     * @param outboundLimit bytes of frames that may wait for this client
     * @param askForMore    asks for the next page of this socket's resume: announces it again from what it holds
     */
    Connection(String id, String user, WebSocketChannel channel, Long since, long expiresAtMillis, long outboundLimit,
               RateLimiter rateLimiter, RateLimiter watchLimiter, ErrorWindow errors, Runnable onFrameOut,
               Consumer<Connection> askForMore) {
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
        this.askForMore = askForMore;
    }

    public String id() {
        return id;
    }

    public String user() {
        return user;
    }

    /** Whether this socket may send a message now (CHAT_RATE_LIMIT_PER_SECOND). */
    boolean admitSend(long nowNanos) {
        return rateLimiter.tryAcquire(nowNanos);
    }

    /** Whether this socket may send a watch, subscribe or refresh frame now (CHAT_WATCH_RATE_PER_SECOND). */
    boolean admitWatch(long nowNanos) {
        return watchLimiter.tryAcquire(nowNanos);
    }

    /** Whether this socket may send a read receipt now. */
    boolean admitRead(long nowNanos) {
        return readLimiter.tryAcquire(nowNanos);
    }

    /** Whether a typing signal for {@code conversation} goes on now, or is dropped as too soon after the last. */
    boolean admitTyping(String conversation, long nowNanos) {
        return typing.admit(conversation, nowNanos);
    }

    /** Counts an error answered to this socket; true when it has had too many lately and is to be closed. */
    boolean recordError(long nowNanos) {
        return errors.record(nowNanos);
    }

    /** The sends of this socket still waiting for their answer. */
    AwaitedAnswers answers() {
        return answers;
    }

    /**
     * The send {@code id} of this socket, being handed to Kafka: once {@code written}, its answer is due from
     * presence-stream ({@code accepted} counts it); if Kafka refused it, the client is answered
     * {@code unavailable}, to send it again.
     */
    void awaitAnswerOnceWritten(String id, CompletableFuture<Void> written, Runnable accepted) {
        written.whenComplete((done, error) -> {
            if (error == null) {
                accepted.run();
                answers.inKafka(id);
            } else {
                AwaitedAnswers.Awaited refused = answers.refused(id);
                if (refused != null) {
                    send(AwaitedAnswers.unavailable(refused));
                }
            }
        });
    }

    public long expiresAtMillis() {
        return expiresAtMillis;
    }

    /** A refreshed token: the connection lasts until its expiry, and is warned again before it. */
    void refreshed(long expiresAtMillis) {
        this.expiresAtMillis = expiresAtMillis;
        expiringSent.set(false);
    }

    /**
     * Sends {@code expiring} once per token, when it expires within {@code notice}, and not before the welcome: a
     * sweep that finds the welcome still on its way warns at its next round.
     */
    void warnIfExpiring(long nowMillis, long noticeMillis) {
        long left = expiresAtMillis - nowMillis;
        if (welcomed && left <= noticeMillis && expiringSent.compareAndSet(false, true)) {
            send(Frames.expiring(Math.max(0, left / 1_000)));
        }
    }

    public void send(String frame) {
        if (closing.get()) {
            return;
        }
        ByteBuffer bytes = ByteBuffer.wrap(frame.getBytes(StandardCharsets.UTF_8)); // no encoder per frame
        long size = bytes.remaining();
        if (outboundBytes.addAndGet(size) > outboundLimit) {
            close(Disconnect.TOO_SLOW);
            // the close frame waits behind what was not read: release the TCP connection now
            channel.getIoThread().execute(() -> IoUtils.safeClose(channel));
            return;
        }
        WebSockets.sendText(bytes, channel, new WebSocketCallback<Void>() {
            @Override
            public void complete(WebSocketChannel ch, Void context) {
                written(size);
                onFrameOut.run();
            }

            @Override
            public void onError(WebSocketChannel ch, Void context, Throwable throwable) {
                written(size);
                IoUtils.safeClose(ch);
            }
        });
    }

    private void written(long size) {
        if (outboundBytes.addAndGet(-size) == 0) {
            askForMoreIfWanted();
            runOnceWritten();
        }
    }

    /**
     * Runs {@code task} once every frame handed to this socket so far is written (now, if none waits): a room's
     * next catch-up page is asked for then, so a client is sent no faster than it reads. Not run if the socket
     * closes first.
     */
    void afterWritten(Runnable task) {
        onceWritten.add(task);
        if (outboundBytes.get() == 0) {
            runOnceWritten();
        }
    }

    private void runOnceWritten() {
        Runnable task;
        while ((task = onceWritten.poll()) != null) {
            if (isOpen()) {
                task.run();
            }
        }
    }

    /**
     * A frame routed from the inbox, unless this socket has it already or it is live while a resume is still
     * paged in ({@link DeliveryGate}). The client's frames are read only once the welcome is out: the welcome
     * is always the first frame, and a message sent right after opening is sequenced after the connection is
     * known, so it reaches this socket too.
     */
    public synchronized void deliver(String frame, Long seq, DeliveryGate.Kind kind) {
        if (!gate.admit(seq, kind)) {
            return;
        }
        send(frame);
        if (kind == DeliveryGate.Kind.WELCOME) {
            welcomed = true;
            channel.getIoThread().execute(channel::resumeReceives);
        }
    }

    /**
     * A page of this socket's resume has been handed to the socket: if {@code more} follow, the next is asked
     * for once this one is written, so a client is sent no faster than it reads.
     */
    public void paged(boolean more) {
        synchronized (this) {
            gate.paging(more);
        }
        if (more) {
            wantsMore.set(true);
            if (outboundBytes.get() == 0) {
                askForMoreIfWanted();
            }
        }
    }

    private void askForMoreIfWanted() {
        if (wantsMore.compareAndSet(true, false) && isOpen()) {
            askForMore.accept(this);
        }
    }

    /** The seq this socket holds everything up to (null: none), from which it would resume. */
    public synchronized Long held() {
        return gate.held();
    }

    /** Sends a close frame with the code and reason, then closes the socket whether or not the client answers. */
    public void close(Disconnect why) {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        WebSockets.sendClose(why.code(), why.reason(), channel, null);
        channel.getIoThread().executeAfter(() -> IoUtils.safeClose(channel), CLOSE_GRACE_MILLIS,
                TimeUnit.MILLISECONDS);
    }

    /** Where work that may block runs for this socket: never on its I/O thread. */
    Executor worker() {
        return channel.getWorker();
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
            WebSockets.sendPing(ByteBuffer.allocate(0), channel, null);
        }
    }

    public List<String> watched() {
        return watched;
    }

    public void watched(List<String> users) {
        this.watched = users;
    }
}
