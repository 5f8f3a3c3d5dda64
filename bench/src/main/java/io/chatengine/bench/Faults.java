package io.chatengine.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The fault schedule of {@code scripts/bench chaos}: one instance at a time is killed (or frozen) with
 * {@code scripts/chat-engine kill}, brought back with {@code scripts/chat-engine start} a few seconds later, and
 * polled until it is ready again. The {@link Clock} tells the load which fault's window an event falls in.
 */
final class Faults {
    /** The default schedule, for an engine started with the command in {@link #ENGINE}. */
    static final String DEFAULT = "gw-1:KILL,gw-2:TERM,presence-1:KILL,query-1:KILL,users-1:KILL,kafka-2:KILL,kafka-3:STOP";
    static final String ENGINE = "scripts/chat-engine up --brokers 3 --gateways 2 --presence 2 --query 2";
    /** The chat has settled when every message sent this long ago has arrived. */
    private static final Duration SETTLED_AGE = Duration.ofSeconds(2);
    private static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(60);
    /** How soon after a kill presence must be right again (docs/reliability.md). */
    private static final Duration PRESENCE_WITHIN = Duration.ofSeconds(10);

    /** One fault: the instance, the signal, how long it stays down or frozen before {@code start}. */
    record Fault(String instance, String signal, Duration down) {
        String name() {
            return instance + ":" + signal;
        }
    }

    /** What one fault window saw; written by the load's I/O thread, and by the schedule for its own fields. */
    static final class Stats {
        final String name;
        volatile long startNs;
        long lost;
        long duplicated;
        long gaps;
        long repeats;
        long reconnects;
        /** Room figures: see {@link ChaosRooms}. */
        long roomLost;
        long roomDuplicated;
        long roomGaps;
        long maxPauseNs;
        /** Who waited longest, on which gateway, from when to when (nanoTime). */
        String maxPauseUser;
        String maxPauseGateway;
        long maxPauseFromNs;
        long maxPauseToNs;
        /** Pauses over {@link ChaosLoad#LONG_PAUSE} that began in this window. */
        long longPauses;
        long recoveryNs = -1;
        volatile long killedAtMillis;
        volatile double killSeconds = -1;
        volatile double readySeconds = -1;
        /**
         * From the kill until the instance was ready again and every message sent 2 s before had arrived (the
         * next fault waits for this); -1: not within a minute of ready.
         */
        volatile double settledSeconds = -1;
        /** Users with one steady socket whom query-api did not show with exactly one connection, 10 s after the kill. */
        volatile long presenceWrong = -1;
        volatile boolean ran;
        volatile String problem;

        Stats(String name) {
            this.name = name;
        }
    }

    /** The window of each event: before the first fault (-1), or the latest fault that has started. */
    static final class Clock {
        private final Stats before = new Stats("before");
        private final Stats[] faults;
        private volatile int current = -1;
        /** When the traffic began (nanoTime): times in the report are seconds from here. */
        volatile long originNs;

        Clock(List<Fault> schedule) {
            faults = schedule.stream().map(f -> new Stats(f.name())).toArray(Stats[]::new);
        }

        int window() {
            return current;
        }

        int windowAt(long nanos) {
            int window = -1;
            for (int i = 0; i < faults.length && faults[i].ran && faults[i].startNs <= nanos; i++) {
                window = i;
            }
            return window;
        }

        Stats stats(int window) {
            return window < 0 ? before : faults[window];
        }

        List<Stats> all() {
            List<Stats> out = new ArrayList<>();
            out.add(before);
            out.addAll(List.of(faults));
            return out;
        }

        /** A user hit by fault {@code window} got a delivery again at {@code nanos}. */
        void recovered(int window, long nanos) {
            Stats stats = stats(window);
            long after = nanos - stats.startNs;
            if (window >= 0 && (stats.recoveryNs < 0 || after < stats.recoveryNs)) {
                stats.recoveryNs = after;
            }
        }

        double seconds(long nanos) {
            return Math.round((nanos - originNs) / 1e7) / 100.0;
        }

        void begin(int fault) {
            faults[fault].killedAtMillis = System.currentTimeMillis();
            faults[fault].startNs = System.nanoTime();
            faults[fault].ran = true;
            current = fault;
        }
    }

    private final Target target;
    private final List<Fault> schedule;
    private final Clock clock;
    private final EngineControl engine;

    Faults(Target target, List<Fault> schedule) {
        this.target = target;
        this.schedule = schedule;
        this.clock = new Clock(schedule);
        this.engine = new EngineControl(target);
    }

    Clock clock() {
        return clock;
    }

    /**
     * Parses {@code gw-1:KILL,kafka-3:STOP}; a killed instance starts again {@code restartAfter} later, a frozen
     * one {@code frozenFor} later. Every instance must be one the engine runs.
     */
    static List<Fault> parse(String spec, Target target, Duration restartAfter, Duration frozenFor) {
        List<String> instances = target.processes().stream().map(Target.EngineProcess::instance).toList();
        List<Fault> out = new ArrayList<>();
        for (String item : spec.split(",")) {
            String[] parts = item.strip().split(":");
            String signal = parts.length > 1 ? parts[1].toUpperCase() : "KILL";
            if (!List.of("KILL", "TERM", "STOP").contains(signal)) {
                throw new IllegalArgumentException("unknown signal in --faults " + item + ": KILL, TERM or STOP");
            }
            if (!instances.contains(parts[0])) {
                throw new IllegalArgumentException("the engine has no instance " + parts[0] + " (it has "
                        + String.join(", ", instances) + "); the default faults need " + ENGINE
                        + ", or choose them with --faults, e.g. --faults gw-1:KILL");
            }
            out.add(new Fault(parts[0], signal, signal.equals("STOP") ? frozenFor : restartAfter));
        }
        return out;
    }

    /** Whether the chat has recovered from what was done to it: see {@link ChaosLoad#settled}. */
    interface Chat {
        boolean settled(Duration age) throws InterruptedException;

        List<String> steadilyConnected(Duration age) throws InterruptedException;
    }

    /**
     * Runs the schedule from {@code start} ({@link System#nanoTime()}): the i-th fault at {@code first + i *
     * every}, or later, once the one before is over: its instance is ready again and the chat has settled (one
     * fault at a time, each measured on its own). Blocks until the last fault is over.
     */
    void run(long start, Duration first, Duration every, Chat chat) throws InterruptedException {
        long notBefore = 0;
        for (int i = 0; i < schedule.size(); i++) {
            Fault fault = schedule.get(i);
            long due = Math.max(notBefore, start + first.toNanos() + i * every.toNanos());
            sleepUntil(due);
            Stats stats = clock.faults[i];
            clock.begin(i);
            System.err.printf("chaos: %.1f s (%s): %s%n", (System.nanoTime() - start) / 1e9,
                    Instant.ofEpochMilli(stats.killedAtMillis), fault.name());
            long killed = System.nanoTime();
            String problem = engine.run("kill", fault.instance(), "--signal", fault.signal());
            Thread presence = checkPresenceLater(stats, killed, chat);
            stats.killSeconds = (System.nanoTime() - killed) / 1e9;
            sleepUntil(killed + fault.down().toNanos());
            long started = System.nanoTime();
            if (problem == null) {
                problem = engine.run("start", fault.instance());
            }
            if (problem == null) {
                problem = engine.awaitReady(fault.instance());
            }
            stats.readySeconds = problem == null ? (System.nanoTime() - started) / 1e9 : -1;
            stats.problem = problem;
            System.err.printf("chaos: %.1f s: %s: %s%n", (System.nanoTime() - start) / 1e9, fault.name(),
                    problem == null ? "ready %.1f s after start".formatted(stats.readySeconds) : problem);
            long calmBy = System.nanoTime() + SETTLE_TIMEOUT.toNanos();
            while (!chat.settled(SETTLED_AGE) && System.nanoTime() < calmBy) {
                Thread.sleep(250); // the next fault finds the chat calm, not still recovering from this one
            }
            if (chat.settled(SETTLED_AGE)) {
                stats.settledSeconds = (System.nanoTime() - killed) / 1e9;
            }
            presence.join();
            System.err.printf("chaos: %.1f s: %s: %s%n", (System.nanoTime() - start) / 1e9, fault.name(),
                    stats.settledSeconds < 0 ? "did not settle" : "settled %.1f s after the kill, presence wrong "
                            .formatted(stats.settledSeconds) + "for " + stats.presenceWrong + " users at 10 s");
            notBefore = System.nanoTime();
        }
    }

    /**
     * {@link #PRESENCE_WITHIN} after the kill, asks query-api about every user who has held one welcomed socket
     * for the last 2 s: presence must show exactly that connection by then, whatever died.
     */
    private Thread checkPresenceLater(Stats stats, long killed, Chat chat) {
        Thread check = new Thread(() -> {
            try {
                sleepUntil(killed + PRESENCE_WITHIN.toNanos());
                stats.presenceWrong = new PresenceCheck(target).wrong(chat.steadilyConnected(Duration.ofSeconds(2)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "presence-check");
        check.start();
        return check;
    }

    private static void sleepUntil(long nanos) throws InterruptedException {
        long left = nanos - System.nanoTime();
        if (left > 0) {
            TimeUnit.NANOSECONDS.sleep(left);
        }
    }
}
