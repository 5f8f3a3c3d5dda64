package io.chatengine.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.undertow.websockets.core.AbstractReceiveListener;
import io.undertow.websockets.core.BufferedTextMessage;
import io.undertow.websockets.core.WebSocketChannel;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.xnio.IoUtils;

/**
 * Idle authenticated connections: worker processes (a process may hold at most ~19,000 sockets here) each
 * open their share round robin over the gateways and hold them; the gateways' heap and RSS are read before and
 * while they are held.
 */
final class Connections {
    /** Sockets one worker opens: under the 20,000 open files a process may have, with room for the JVM's own. */
    static final int PER_WORKER = 19_000;
    /** How long a worker keeps opening and waiting for welcomes before it reports what it holds. */
    static final Duration OPEN_FOR = Duration.ofSeconds(420);

    private Connections() {
    }

    record Result(int asked, int held, int failed, double connectSeconds, long rssBefore, long rssHeld,
                  long heapBefore, long heapHeld, int gateways) {
        double connectsPerSecond() {
            return held / Math.max(connectSeconds, 1e-9);
        }

        double rssBytesPerConnection() {
            return (rssHeld - rssBefore) / (double) Math.max(1, held);
        }

        double heapBytesPerConnection() {
            return (heapHeld - heapBefore) / (double) Math.max(1, held);
        }
    }

    static Result run(Target target, int total, int userPool, Duration hold) throws Exception {
        List<String> users = Users.ensure(target, Math.min(total, userPool));
        long rssBefore = rss(target);
        long heapBefore = heap(target);
        List<Process> workers = new ArrayList<>();
        int workersNeeded = (total + PER_WORKER - 1) / PER_WORKER;
        long start = System.nanoTime();
        for (int w = 0; w < workersNeeded; w++) {
            int count = Math.min(PER_WORKER, total - w * PER_WORKER);
            workers.add(new ProcessBuilder(javaCommand("hold", "--run-dir", target.runDir().toString(),
                    "--first", Integer.toString(w * PER_WORKER), "--count", Integer.toString(count),
                    "--users", Integer.toString(users.size())))
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start());
        }
        int held = 0;
        int failed = 0;
        double slowest = 0;
        for (Process worker : workers) {
            BufferedReader out = new BufferedReader(new InputStreamReader(worker.getInputStream(), StandardCharsets.UTF_8));
            String line = out.readLine();
            while (line != null && !line.startsWith("{")) {
                line = out.readLine(); // a library's log line: the report is the JSON one
            }
            if (line == null) {
                throw new IllegalStateException("a connection worker died before reporting");
            }
            JsonNode report = Target.JSON.readTree(line);
            held += report.path("held").asInt();
            failed += report.path("failed").asInt();
            slowest = Math.max(slowest, report.path("seconds").asDouble());
        }
        double wall = (System.nanoTime() - start) / 1e9;
        Thread.sleep(hold.toMillis()); // let the gateways settle with every socket open
        long rssHeld = rss(target);
        long heapHeld = heap(target);
        for (Process worker : workers) {
            OutputStream in = worker.getOutputStream();
            in.close(); // the worker closes its sockets and exits
        }
        for (Process worker : workers) {
            if (!worker.waitFor(60, TimeUnit.SECONDS)) {
                worker.destroyForcibly();
            }
        }
        return new Result(total, held, failed, Math.min(wall, slowest), rssBefore, rssHeld, heapBefore, heapHeld,
                target.gateways().size());
    }

    /**
     * Worker: opens its connections, prints one JSON line, holds them until its stdin closes. One worker holds
     * ~19,000 sockets and still answers every ping (see {@link Sockets}).
     */
    static void hold(Target target, int first, int count, int users) throws Exception {
        String[] tokens = Users.names(users).stream().map(target::token).toArray(String[]::new);
        List<WebSocketChannel> open = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger failed = new AtomicInteger();
        AtomicInteger welcomed = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(count);
        long start = System.nanoTime();
        long deadline = start + OPEN_FOR.toNanos();
        Sockets sockets = new Sockets();
        int notTried = sockets.openAll(target, first, count, tokens, deadline, (i, channel) -> {
            open.add(channel);
            channel.getReceiveSetter().set(new AbstractReceiveListener() {
                @Override
                protected void onFullTextMessage(WebSocketChannel ch, BufferedTextMessage message) {
                    if (message.getData().startsWith("{\"type\":\"welcome\"")) {
                        welcomed.incrementAndGet();
                        done.countDown();
                    }
                }
            });
            channel.resumeReceives();
        }, () -> {
            failed.incrementAndGet();
            done.countDown();
        });
        failed.addAndGet(notTried);
        for (int n = 0; n < notTried; n++) {
            done.countDown();
        }
        done.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        double seconds = (System.nanoTime() - start) / 1e9;
        // held: welcomed, so authenticated and announced
        System.out.println("{\"held\":" + welcomed.get() + ",\"failed\":" + failed.get() + ",\"seconds\":"
                + seconds + "}");
        System.out.flush();
        while (System.in.read() >= 0) {
            // hold until the parent closes our stdin
        }
        synchronized (open) {
            open.forEach(IoUtils::safeClose);
        }
        System.exit(0);
    }

    private static List<String> javaCommand(String... args) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"), Bench.class.getName()));
        command.addAll(List.of(args));
        return command;
    }

    /** Resident memory of the gateways together, in bytes. */
    static long rss(Target target) throws IOException {
        long total = 0;
        for (long pid : target.gatewayPids()) {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    total += Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        }
        return total;
    }

    /** Heap in use by the gateways together, from their Prometheus metrics. */
    static long heap(Target target) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long total = 0;
        for (Target.EngineProcess gateway : target.gatewayProcesses()) {
            String metrics = PrometheusText.fetch(http, gateway.ops()).get();
            for (PrometheusText.Sample used : PrometheusText.samples(metrics, Set.of("jvm_memory_used_bytes"))) {
                if ("heap".equals(used.labels().get("area"))) {
                    total += (long) used.value();
                }
            }
        }
        return total;
    }
}
