package io.chatengine.bench;

import io.undertow.connector.ByteBufferPool;
import io.undertow.server.DefaultByteBufferPool;
import io.undertow.websockets.client.WebSocketClient;
import io.undertow.websockets.core.WebSocketChannel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import org.xnio.OptionMap;
import org.xnio.Options;
import org.xnio.Xnio;
import org.xnio.XnioIoThread;
import org.xnio.XnioWorker;

/**
 * WebSockets to the gateways with Undertow's client, for the chat load and the connection workers alike: one XNIO
 * I/O thread and one small buffer pool. An idle socket costs it little (the JDK's client needs tens of kilobytes a
 * socket), and every frame is read, handled and written on that one thread: no hand-over, no other thread woken.
 */
final class Sockets implements AutoCloseable {
    /** Connections opening at once: more would only wait in the gateways' accept backlog. */
    private static final int OPENING = 200;
    private final XnioWorker worker;
    private final ByteBufferPool buffers = new DefaultByteBufferPool(false, 4096, 256, 0);

    Sockets() {
        try {
            worker = Xnio.getInstance().createWorker(OptionMap.builder()
                    .set(Options.WORKER_IO_THREADS, 1).set(Options.TCP_NODELAY, true).getMap());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the XNIO worker", e);
        }
    }

    /** The thread every socket's frames are read and written on. */
    XnioIoThread thread() {
        return worker.getIoThread(0);
    }

    /** Runs {@code task} on {@link #thread()}, where a load keeps all its state, and returns its result. */
    <T> T onIoThread(Supplier<T> task) throws InterruptedException {
        AtomicReference<T> result = new AtomicReference<>();
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(1);
        thread().execute(() -> {
            try {
                result.set(task.get());
            } catch (RuntimeException e) {
                failure.set(e);
            } finally {
                done.countDown();
            }
        });
        if (!done.await(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the sockets' I/O thread did not answer within 30 s");
        }
        if (failure.get() != null) {
            throw failure.get();
        }
        return result.get();
    }

    interface Opened {
        /** Connection {@code i} is open: set its listeners and resume its receives. */
        void opened(int i, WebSocketChannel channel);
    }

    /**
     * Opens connections {@code first..first+count-1}, the i-th with {@code tokens[i % tokens.length]} on gateway
     * {@code i % gateways}, at most {@value #OPENING} opening at once, and starts none after {@code deadline}
     * ({@link System#nanoTime()}). Each one that fails runs {@code failed}. Returns how many were not tried for
     * the deadline: the gateways stopped answering, a limit was reached.
     */
    int openAll(Target target, int first, int count, String[] tokens, long deadline, Opened opened, Runnable failed)
            throws InterruptedException {
        return openAll(first, count, i -> URI.create(target.gateways().get(i % target.gateways().size())
                + "?access_token=" + tokens[i % tokens.length]), deadline, opened, failed);
    }

    /** As above, connection {@code i} to {@code uri.apply(i)}. */
    int openAll(int first, int count, IntFunction<URI> uri, long deadline, Opened opened, Runnable failed)
            throws InterruptedException {
        Semaphore opening = new Semaphore(OPENING);
        for (int i = first; i < first + count; i++) {
            if (!opening.tryAcquire(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                return first + count - i;
            }
            int n = i;
            open(uri.apply(i), channel -> {
                opening.release();
                opened.opened(n, channel);
            }, e -> {
                opening.release();
                failed.run();
            });
        }
        return 0;
    }

    /** Opens one socket; {@code opened} or {@code failed} runs on the I/O thread. */
    void open(URI uri, Consumer<WebSocketChannel> opened, Consumer<IOException> failed) {
        WebSocketClient.connectionBuilder(worker, buffers, uri).connect().addNotifier((future, ignored) -> {
            WebSocketChannel channel;
            try {
                channel = future.get();
            } catch (IOException e) {
                failed.accept(e);
                return;
            } catch (CancellationException e) {
                failed.accept(new IOException("connect cancelled", e));
                return;
            }
            opened.accept(channel);
        }, null);
    }

    @Override
    public void close() throws InterruptedException {
        worker.shutdown();
        worker.awaitTermination(5, TimeUnit.SECONDS);
    }
}
