package io.chatengine.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
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
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);

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
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    Faults(Target target, List<Fault> schedule) {
        this.target = target;
        this.schedule = schedule;
        this.clock = new Clock(schedule);
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

    /**
     * Runs the schedule from {@code start} ({@link System#nanoTime()}): the i-th fault at {@code first + i *
     * every}, or once the one before is ready again if that is later (one fault at a time). Blocks until the last
     * fault's instance is ready again.
     */
    void run(long start, Duration first, Duration every) throws InterruptedException {
        for (int i = 0; i < schedule.size(); i++) {
            Fault fault = schedule.get(i);
            long due = start + first.toNanos() + i * every.toNanos();
            sleepUntil(due);
            Stats stats = clock.faults[i];
            clock.begin(i);
            System.err.printf("chaos: %.1f s (%s): %s%n", (System.nanoTime() - start) / 1e9,
                    Instant.ofEpochMilli(stats.killedAtMillis), fault.name());
            long killed = System.nanoTime();
            String problem = chatEngine("kill", fault.instance(), "--signal", fault.signal());
            stats.killSeconds = (System.nanoTime() - killed) / 1e9;
            sleepUntil(killed + fault.down().toNanos());
            long started = System.nanoTime();
            if (problem == null) {
                problem = chatEngine("start", fault.instance());
            }
            if (problem == null) {
                problem = awaitReady(fault.instance());
            }
            stats.readySeconds = problem == null ? (System.nanoTime() - started) / 1e9 : -1;
            stats.problem = problem;
            System.err.printf("chaos: %.1f s: %s: %s%n", (System.nanoTime() - start) / 1e9, fault.name(),
                    problem == null ? "ready %.1f s after start".formatted(stats.readySeconds) : problem);
        }
    }

    /** Runs scripts/chat-engine with the bench's run folder; null when it succeeded, else what it said. */
    private String chatEngine(String... args) throws InterruptedException {
        List<String> command = new ArrayList<>(List.of("scripts/chat-engine"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("CHAT_RUN_DIR", target.runDir().toAbsolutePath().toString());
        try {
            Process process = builder.start();
            if (!process.waitFor(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return String.join(" ", command) + " did not end within " + COMMAND_TIMEOUT.toSeconds() + " s";
            }
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            return process.exitValue() == 0 ? null : String.join(" ", command) + ": " + output;
        } catch (IOException e) {
            return "cannot run " + String.join(" ", command) + ": " + e.getMessage();
        }
    }

    /** Polls the instance until it is ready: a broker's client port answers, a service's /health/ready is 200. */
    private String awaitReady(String instance) throws InterruptedException {
        Target.EngineProcess process = target.processes().stream().filter(p -> p.instance().equals(instance))
                .findFirst().orElseThrow();
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (ready(process)) {
                return null;
            }
            Thread.sleep(100);
        }
        return instance + " was not ready " + READY_TIMEOUT.toSeconds() + " s after start";
    }

    private boolean ready(Target.EngineProcess process) throws InterruptedException {
        if (process.service().equals("kafka")) {
            String[] hostPort = process.url().split(":");
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(hostPort[0], Integer.parseInt(hostPort[1])), 500);
                return true;
            } catch (IOException e) {
                return false;
            }
        }
        URI base = URI.create(process.url().replace("ws://", "http://"));
        URI health = base.resolve("/health/ready");
        try {
            return http.send(HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        }
    }

    private static void sleepUntil(long nanos) throws InterruptedException {
        long left = nanos - System.nanoTime();
        if (left > 0) {
            TimeUnit.NANOSECONDS.sleep(left);
        }
    }
}
