package io.chatengine.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * Users connected over the engine's gateways (round robin), each sending to random others at an aggregate rate.
 * A message's number is its {@code ref}; the recipient's copy gives the end-to-end latency from the send call.
 */
final class ChatLoad implements Client.Frames, AutoCloseable {
    /** How long after the end of a window a message may still arrive before it counts as lost. */
    static final Duration GRACE = Duration.ofSeconds(5);
    /** How long connecting every user and receiving their welcomes may take. */
    private static final Duration CONNECTING = Duration.ofSeconds(120);
    private final Sockets sockets = new Sockets();
    private final List<Client> clients = new ArrayList<>();
    private final LongAdder closedUnexpectedly = new LongAdder();
    private final LongAdder seqGaps = new LongAdder();
    private final LongAdder seqRepeats = new LongAdder();
    private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
    private final CountDownLatch welcomed;
    /** From each socket's upgrade response to its welcome, for every user connected at the start. */
    final Latencies welcomes;
    /** Seconds from the first socket opening to the last welcome. */
    final double connectSeconds;
    private final WindowMeter meter;
    private volatile Window window;
    private volatile boolean closing;

    /** {@code meter}: what is read of the processes at the start and the end of each measured window. */
    ChatLoad(Target target, List<String> users, WindowMeter meter) throws InterruptedException {
        this.meter = meter;
        welcomed = new CountDownLatch(users.size());
        welcomes = new Latencies(users.size());
        long started = System.nanoTime();
        AtomicInteger failed = new AtomicInteger();
        String[] tokens = users.stream().map(target::token).toArray(String[]::new);
        long deadline = System.nanoTime() + CONNECTING.toNanos();
        int notTried = sockets.openAll(target, 0, users.size(), tokens, deadline, (i, channel) -> {
            Client client = new Client(users.get(i), channel, this);
            synchronized (clients) {
                clients.add(client);
            }
        }, () -> {
            failed.incrementAndGet();
            welcomed.countDown();
        });
        failed.addAndGet(notTried);
        if (!welcomed.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS) || failed.get() > 0) {
            throw new IllegalStateException(failed.get() + " of " + users.size() + " connections failed");
        }
        connectSeconds = (System.nanoTime() - started) / 1e9;
    }

    /** Sends at {@code rate} msg/s for warm-up plus measure, then waits up to {@link #GRACE} for the last ones. */
    Window run(double rate, Duration warmup, Duration measure) throws InterruptedException {
        long planned = (long) Math.ceil(rate * (warmup.toMillis() + measure.toMillis()) / 1000.0) + 16;
        Window w = new Window(rate, (int) Math.min(Integer.MAX_VALUE - 8, planned));
        window = w;
        Client[] senders;
        synchronized (clients) {
            senders = clients.toArray(Client[]::new);
        }
        Pacer.pace(sockets.thread(), rate, w.sentAt.length, warmup, measure, new Pacer.Load() {
            @Override
            public void send(int n) {
                ChatLoad.this.send(w, senders, n);
            }

            @Override
            public void measuring(int sent) {
                w.measuredFrom = sent;
                w.atStart = meter.read();
            }

            @Override
            public void ended(int sent, double seconds) {
                w.atEnd = meter.read();
                w.sent = sent;
                w.measureSeconds = seconds;
            }
        });
        long deadline = System.nanoTime() + GRACE.toNanos();
        while (w.receivedMeasured.sum() < w.sent - w.measuredFrom && System.nanoTime() < deadline) {
            LockSupport.parkNanos(10_000_000);
        }
        window = null;
        return w;
    }

    private void send(Window w, Client[] senders, int n) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        Client from = senders[random.nextInt(senders.length)];
        Client to = senders[random.nextInt(senders.length - 1)];
        if (to == from) {
            to = senders[senders.length - 1];
        }
        w.sentAt[n] = System.nanoTime();
        from.send(to, w.id + "-" + n);
    }

    @Override
    public void frame(Client client, Client.Frame frame) {
        switch (frame.type()) {
            case "welcome" -> {
                welcomes.add(System.nanoTime() - client.openedAt);
                client.lastSeq = frame.seq();
                welcomed.countDown();
            }
            case "message" -> {
                long seq = frame.seq();
                if (client.lastSeq >= 0 && seq <= client.lastSeq) {
                    seqRepeats.increment();
                } else if (client.lastSeq >= 0 && seq > client.lastSeq + 1) {
                    seqGaps.add(seq - client.lastSeq - 1);
                }
                client.lastSeq = Math.max(client.lastSeq, seq);
                if (!client.user.equals(frame.from()) && frame.ref() != null) {
                    received(frame.ref());
                }
            }
            case "sent" -> {
                Window w = window;
                if (w != null) {
                    w.acked.increment();
                }
            }
            case "error" -> errors.computeIfAbsent(String.valueOf(frame.code()), code -> new LongAdder()).increment();
            default -> {
            }
        }
    }

    private void received(String ref) {
        long now = System.nanoTime();
        Window w = window;
        int dash = ref.indexOf('-');
        if (w == null || dash < 0 || !ref.substring(0, dash).equals(w.id)) {
            return; // a message of an earlier window that came after its grace
        }
        int n = Integer.parseInt(ref.substring(dash + 1));
        if (n >= w.received.length()) {
            return;
        }
        int copies = w.received.incrementAndGet(n);
        if (copies > 1) {
            w.duplicates.increment();
        } else if (n >= w.measuredFrom) {
            w.receivedMeasured.increment();
            w.latencies.add(now - w.sentAt[n]);
        }
    }

    @Override
    public void closed(Client client) {
        if (!closing) {
            closedUnexpectedly.increment();
        }
    }

    long seqGaps() {
        return seqGaps.sum();
    }

    long seqRepeats() {
        return seqRepeats.sum();
    }

    long closedUnexpectedly() {
        return closedUnexpectedly.sum();
    }

    Map<String, Long> errors() {
        Map<String, Long> out = new TreeMap<>();
        errors.forEach((code, count) -> out.put(code, count.sum()));
        return out;
    }

    @Override
    public void close() throws InterruptedException {
        closing = true;
        synchronized (clients) {
            clients.forEach(Client::close);
        }
        sockets.close();
    }

    /** One run at one rate: what was sent, what arrived, and how fast. */
    static final class Window {
        private static final AtomicLong IDS = new AtomicLong();
        final String id = Long.toString(System.currentTimeMillis() % 1_000_000 * 100 + IDS.incrementAndGet() % 100, 36);
        final double rate;
        final long[] sentAt;
        final AtomicIntegerArray received;
        final LongAdder receivedMeasured = new LongAdder();
        final LongAdder duplicates = new LongAdder();
        final LongAdder acked = new LongAdder();
        final Latencies latencies;
        volatile int measuredFrom = Integer.MAX_VALUE;
        volatile int sent;
        volatile double measureSeconds;
        volatile WindowMeter.Reading atStart;
        volatile WindowMeter.Reading atEnd;

        Window(double rate, int capacity) {
            this.rate = rate;
            this.sentAt = new long[capacity];
            this.received = new AtomicIntegerArray(capacity);
            this.latencies = new Latencies(capacity);
        }

        long measured() {
            return Math.max(0, sent - measuredFrom);
        }

        /** CPU milliseconds per measured message of each process that the load reads, by name. */
        Map<String, Double> cpuMillisPerMessage() {
            return atStart.cpu().millisPerMessage(atEnd.cpu(), measured());
        }

        /** The engine's Kafka requests over the measured messages (none where the load read no service). */
        KafkaRequests.Span kafkaRequests() {
            return atStart.requests().until(atEnd.requests(), measured());
        }

        long lost() {
            long lost = 0;
            for (int n = measuredFrom; n < sent; n++) {
                if (received.get(n) == 0) {
                    lost++;
                }
            }
            return lost;
        }
    }

    /** Latency samples in nanoseconds; percentiles by sorting once at the end. */
    static final class Latencies {
        private final long[] samples;
        private final AtomicInteger size = new AtomicInteger();

        Latencies(int capacity) {
            samples = new long[capacity];
        }

        void add(long nanos) {
            int i = size.getAndIncrement();
            if (i < samples.length) {
                samples[i] = nanos;
            }
        }

        /** p50, p90, p99 and max in milliseconds, 0 when empty. */
        double[] millis() {
            long[] sorted = Arrays.copyOf(samples, Math.min(size.get(), samples.length));
            Arrays.sort(sorted);
            double[] out = new double[4];
            if (sorted.length == 0) {
                return out;
            }
            double[] quantiles = {0.50, 0.90, 0.99};
            for (int i = 0; i < 3; i++) {
                out[i] = sorted[(int) Math.min(sorted.length - 1, Math.ceil(quantiles[i] * sorted.length) - 1)] / 1e6;
            }
            out[3] = sorted[sorted.length - 1] / 1e6;
            return out;
        }
    }
}
