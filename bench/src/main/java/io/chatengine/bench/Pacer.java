package io.chatengine.bench;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.xnio.XnioExecutor;
import org.xnio.XnioIoThread;

/**
 * Sends at a rate through a warm-up and a measured span, what is due at each {@link #TICK} of the sockets' I/O
 * thread: a send is written on the thread that owns its socket, so it wakes no other thread. The load says how to
 * send message {@code n} and notes what it measures when the measured span starts and ends.
 */
final class Pacer implements Runnable {
    /**
     * How often due messages are sent. Each tick wakes the generator's thread: at 1,000 msg/s, 5 ms ticks instead
     * of 1 ms took a sixth off its CPU per message. Latency is taken from each message's own send, not the tick.
     */
    static final Duration TICK = Duration.ofMillis(5);

    /** What is paced; called on the I/O thread. */
    interface Load {
        void send(int n);

        /** The measured span starts; the {@code sent} messages before it were warm-up. */
        void measuring(int sent);

        /** The measured span ended after {@code seconds}, {@code sent} messages having been sent in all. */
        void ended(int sent, double seconds);
    }

    private final double rate;
    private final long capacity;
    private final Load load;
    private final long start = System.nanoTime();
    private final long measureFrom;
    private final long end;
    private final CountDownLatch done = new CountDownLatch(1);
    private long count;
    private boolean measuring;
    /** What stopped the ticks early (a process whose CPU is read has exited): the run fails with it. */
    private volatile RuntimeException failure;

    private Pacer(double rate, long capacity, Duration warmup, Duration measure, Load load) {
        this.rate = rate;
        this.capacity = capacity;
        this.load = load;
        measureFrom = start + warmup.toNanos();
        end = measureFrom + measure.toNanos();
    }

    /**
     * Paces {@code load} at {@code rate} messages a second on {@code thread} until the measured span is over or
     * {@code capacity} messages are sent; throws what stopped it early.
     */
    static void pace(XnioIoThread thread, double rate, long capacity, Duration warmup, Duration measure, Load load)
            throws InterruptedException {
        Pacer pacer = new Pacer(rate, capacity, warmup, measure, load);
        XnioExecutor.Key ticks = thread.executeAtInterval(pacer, TICK.toNanos(), TimeUnit.NANOSECONDS);
        pacer.done.await();
        ticks.remove();
        if (pacer.failure != null) {
            throw pacer.failure;
        }
    }

    @Override
    public void run() {
        if (done.getCount() == 0) {
            return; // a tick that was already due when the timer was removed
        }
        try {
            tick();
        } catch (RuntimeException e) {
            failure = e;
            done.countDown();
        }
    }

    private void tick() {
        long now = System.nanoTime();
        if (!measuring && now >= measureFrom) {
            sendUpTo(dueBy(measureFrom)); // a late tick: what was due in the warm-up is still warm-up
            measuring = true;
            load.measuring((int) count);
        }
        sendUpTo(dueBy(Math.min(now, end)));
        if (now >= end || count >= capacity) {
            load.ended((int) count, Math.max(1e-9, (now - measureFrom) / 1e9));
            done.countDown();
        }
    }

    private long dueBy(long time) {
        return Math.min(capacity, (long) (rate * (time - start) / 1e9));
    }

    private void sendUpTo(long due) {
        for (; count < due; count++) {
            load.send((int) count);
        }
    }
}
