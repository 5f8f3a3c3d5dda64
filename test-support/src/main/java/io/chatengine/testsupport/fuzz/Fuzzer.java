package io.chatengine.testsupport.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatengine.common.ErrorCode;
import io.chatengine.common.http.HttpJson;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.DoubleAccumulator;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

/**
 * Sends mutated WebSocket frames over several sockets and mutated HTTP requests at a running engine, all on
 * 127.0.0.1, bounded in count and time, and classifies every answer against docs/protocol.md: anything a client
 * is not told about, a 5xx, a binary frame from the server or a request left unanswered is a problem. Sockets
 * that the server closes (binary frame, too many errors, oversize) are opened again. A send or a user creation
 * that a mutation made valid by chance is counted as accepted, never silently dropped from the figures.
 *
 * <p>Each socket and each request thread draws from its own {@link Mutations}, seeded from the run's seed and its
 * index: the same seed sends the same frames and requests again (their interleaving across threads aside).
 */
public final class Fuzzer {
    private static final int HTTP_TIMEOUT_MS = 15_000;
    private static final long REPLY_WAIT_MS = 100;
    private static final long WELCOME_WAIT_MS = 10_000;
    private static final Set<String> HTTP_CODES = httpCodes();
    private final Target target;
    private final ProtocolDoc doc;
    private final long seed;
    private final Report report = new Report();
    /** Opens each socket's successor while the socket is in use: a welcome takes a trip through Kafka. */
    private ExecutorService opener;

    /**
     * The engine: gateway, user-command-service and query-api base URLs ({@code http://host:port}), tokens, and
     * existing users the sockets connect as (a few per socket at most, so their connection limit never bites).
     */
    public record Target(List<URI> gateways, URI users, List<URI> queries, String adminToken,
                         Function<String, String> tokenOf, List<String> socketUsers) {
    }

    public Fuzzer(Target target, ProtocolDoc doc, long seed) {
        this.target = target;
        this.doc = doc;
        this.seed = seed;
    }

    /** The seed of a run: the one given (a system property or option), else a new one. */
    public static long seed(String given) {
        return given == null || given.isBlank() ? System.nanoTime() : Long.parseLong(given.strip());
    }

    /**
     * Sends {@code frames} frames over {@code sockets} sockets and {@code requests} requests from
     * {@code parallel} threads at the same time; stops early when {@code limit} has passed.
     */
    public Report run(int frames, int sockets, int requests, int parallel, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        long started = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(sockets + parallel);
        opener = Executors.newFixedThreadPool(sockets);
        List<Future<?>> work = new ArrayList<>();
        AtomicLong frameBudget = new AtomicLong(frames);
        AtomicLong requestBudget = new AtomicLong(requests);
        for (int i = 0; i < sockets; i++) {
            int worker = i;
            work.add(pool.submit(() -> {
                frames(worker, frameBudget, deadline);
                report.framesSeconds.accumulate((System.nanoTime() - started) / 1e9);
            }));
        }
        for (int i = 0; i < parallel; i++) {
            int worker = sockets + i;
            work.add(pool.submit(() -> {
                requests(worker, requestBudget, deadline);
                report.requestsSeconds.accumulate((System.nanoTime() - started) / 1e9);
            }));
        }
        for (Future<?> future : work) {
            try {
                future.get();
            } catch (ExecutionException e) {
                report.problem("the fuzzer failed: " + e.getCause());
            }
        }
        pool.shutdown();
        opener.shutdown();
        report.seconds = (System.nanoTime() - started) / 1e9;
        return report;
    }

    private void frames(int worker, AtomicLong budget, long deadline) {
        Mutations mutations = new Mutations(seed * 31 + worker);
        String user = target.socketUsers().get(worker % target.socketUsers().size());
        URI gateway = target.gateways().get(worker % target.gateways().size());
        CompletableFuture<RawWebSocket> next = spare(gateway, user, deadline);
        RawWebSocket socket = null;
        try {
            while (System.nanoTime() < deadline && budget.getAndDecrement() > 0) {
                Mutations.Frame frame = mutations.frame();
                if (socket == null) {
                    socket = next.join();
                    if (socket == null) {
                        return;
                    }
                    next = spare(gateway, user, deadline);
                }
                if (!send(socket, frame, user, budget)) {
                    socket = null;
                }
            }
            if (socket != null) {
                readReplies(socket, user, null, 500);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (socket != null) {
                socket.close();
            }
            RawWebSocket unused = next.join();
            if (unused != null) {
                unused.close();
            }
        }
    }

    /** Sends one frame and takes the replies; false when the socket is closed. */
    private boolean send(RawWebSocket socket, Mutations.Frame frame, String user, AtomicLong budget)
            throws InterruptedException {
        try {
            switch (frame.kind()) {
                case BINARY -> socket.sendBinary(frame.payload());
                case PING -> socket.sendPing(frame.payload());
                case FRAGMENTED -> socket.sendFragmented(frame.payload(), frame.cuts(), true);
                default -> socket.sendText(frame.payload());
            }
        } catch (IOException e) {
            // the server closed the socket while this frame was written: its close frame tells why
            budget.incrementAndGet();
            report.count(report.writeFailures, frame.mutation());
            readReplies(socket, user, frame, 2_000);
            socket.close();
            return false;
        }
        report.framesSent.increment();
        report.count(report.frameMutations, frame.mutation());
        // a ping is answered with a pong, which the socket takes itself: nothing to wait for
        return readReplies(socket, user, frame, frame.kind() == Mutations.Frame.Kind.PING ? 1 : REPLY_WAIT_MS);
    }

    /** A socket opened and welcomed in the background; null when none could be opened before the deadline. */
    private CompletableFuture<RawWebSocket> spare(URI gateway, String user, long deadline) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return open(gateway, user, deadline);
            } catch (IOException e) {
                report.problem("cannot open a socket on " + gateway + ": " + e);
                return null;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }, opener);
    }

    private RawWebSocket open(URI gateway, String user, long deadline) throws IOException, InterruptedException {
        while (System.nanoTime() < deadline) {
            long asked = System.nanoTime();
            RawWebSocket.Opened opened = RawWebSocket.open(gateway.getHost(), gateway.getPort(), "/ws",
                    target.tokenOf().apply(user), HTTP_TIMEOUT_MS);
            report.count(report.handshakes, Integer.toString(opened.status()));
            if (opened.socket() != null) {
                RawWebSocket.Event first = opened.socket().poll(WELCOME_WAIT_MS);
                report.welcomeMillis.add((System.nanoTime() - asked) / 1_000_000);
                if (first instanceof RawWebSocket.Event.Text text) {
                    reply(text.text(), user, null);
                } else if (first instanceof RawWebSocket.Event.Closed closed) {
                    closed(closed.code(), null);
                    continue;
                } else {
                    report.problem("no welcome within " + WELCOME_WAIT_MS + " ms");
                }
                return opened.socket();
            }
            String code = errorCode(opened.body());
            if (!doc.handshakeRefusals().contains(opened.status() + " " + code)) {
                report.problem("handshake refused with an undocumented answer: " + opened.status() + " "
                        + opened.body());
            }
            Thread.sleep(100);
        }
        return null;
    }

    /**
     * Takes what the server sent: waits up to {@code waitMs} for a first event, then whatever else is there.
     * False when the socket is closed.
     */
    private boolean readReplies(RawWebSocket socket, String user, Mutations.Frame cause, long waitMs)
            throws InterruptedException {
        for (RawWebSocket.Event event = socket.poll(waitMs); event != null; event = socket.poll(0)) {
            if (event instanceof RawWebSocket.Event.Closed closed) {
                closed(closed.code(), cause);
                return false;
            }
            if (event instanceof RawWebSocket.Event.Binary binary) {
                report.problem("a binary frame from the server (" + binary.length() + " bytes)");
            } else if (event instanceof RawWebSocket.Event.Text text) {
                reply(text.text(), user, cause);
            }
        }
        return true;
    }

    private void closed(int code, Mutations.Frame cause) {
        report.count(report.closes, Integer.toString(code));
        if (code == RawWebSocket.NO_CLOSE_FRAME) {
            // a server that closes while a large frame is still arriving resets the connection, and the reset
            // may overtake its close frame; any other connection must end with a close frame
            if (cause == null || !cause.mutation().equals("oversized")) {
                report.problem("the connection ended without a close frame after a " + mutation(cause) + " frame");
            }
        } else if (!doc.closeCodes().contains(code)) {
            report.problem("undocumented close code " + code + " after a " + mutation(cause) + " frame: "
                    + sample(cause));
        }
    }

    private void reply(String text, String user, Mutations.Frame cause) {
        JsonNode frame;
        try {
            frame = HttpJson.MAPPER.readTree(text);
        } catch (IOException e) {
            report.problem("a server frame that is not JSON: " + clip(text));
            return;
        }
        String type = frame.path("type").asText();
        if (!doc.frameTypes().contains(type)) {
            report.problem("undocumented frame type: " + clip(text));
            return;
        }
        if (type.equals("error")) {
            String code = frame.path("code").asText();
            report.count(report.replies, "error " + code);
            if (!doc.errorCodes().contains(code)) {
                report.problem("undocumented error code " + code + " for a " + mutation(cause) + " frame: "
                        + sample(cause));
            }
            return;
        }
        report.count(report.replies, type);
        if (type.equals("sent")) {
            report.accepted.computeIfAbsent(user, u -> ConcurrentHashMap.newKeySet()).add(frame.path("id").asText());
        }
    }

    private void requests(int worker, AtomicLong budget, long deadline) {
        Mutations mutations = new Mutations(seed * 31 + worker);
        while (System.nanoTime() < deadline && budget.getAndDecrement() > 0) {
            Mutations.Request request = mutations.request(target.adminToken());
            URI base = switch (request.service()) {
                case USERS -> target.users();
                case QUERY -> target.queries().get(worker % target.queries().size());
                case GATEWAY -> target.gateways().get(worker % target.gateways().size());
            };
            List<String> head = new ArrayList<>(request.head());
            String token = switch (request.token()) {
                case "admin" -> target.adminToken();
                case "user" -> target.tokenOf().apply(target.socketUsers().get(0));
                case "none" -> null;
                default -> request.token();
            };
            if (token != null) {
                head.add("Authorization: " + (token.startsWith("Basic ") ? token : "Bearer " + token));
            }
            report.requestsSent.increment();
            long sent = System.nanoTime();
            try {
                RawHttp.Response response = RawHttp.send(base.getHost(), base.getPort(), request.method(),
                        request.target(), head, request.body(), HTTP_TIMEOUT_MS);
                report.requestMillis.computeIfAbsent(request.mutation(), k -> new LongAdder())
                        .add((System.nanoTime() - sent) / 1_000_000);
                answered(request, response);
            } catch (IOException e) {
                report.count(report.statuses, request.service() + " none");
                report.problem("no answer to " + describe(request) + ": " + e);
            }
        }
    }

    private void answered(Mutations.Request request, RawHttp.Response response) {
        int status = response.status();
        report.count(report.statuses, request.service() + " " + status);
        if (status >= 500) {
            report.problem(status + " for " + describe(request) + ": " + clip(response.body()));
            return;
        }
        if (status == 201 && request.method().equals("POST")) {
            JsonNode body = json(response.body());
            report.createdUsers.add(body == null ? "?" : body.path("username").asText());
        } else if (status == 204 && request.method().equals("DELETE")) {
            report.deactivatedUsers.add(request.target());
        }
        if (status >= 400) {
            String code = errorCode(response.body());
            if (code != null && !HTTP_CODES.contains(code)) {
                report.problem("undocumented error code " + code + " (" + status + ") for " + describe(request));
            }
            if (code == null && !request.method().equals("HEAD")) {
                report.count(report.bareRefusals, request.service() + " " + status);
                if (report.bareKinds.add(request.service() + " " + request.mutation() + " " + status)) {
                    report.bareSamples.add(status + " for " + describe(request));
                }
            }
        }
    }

    private static String errorCode(String body) {
        JsonNode json = json(body);
        return json == null || !json.path("error").isTextual() ? null : json.path("error").asText();
    }

    private static JsonNode json(String body) {
        try {
            return HttpJson.MAPPER.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    private static Set<String> httpCodes() {
        Set<String> codes = ConcurrentHashMap.newKeySet();
        for (ErrorCode code : ErrorCode.values()) {
            codes.add(code.code());
        }
        return codes;
    }

    private static String describe(Mutations.Request request) {
        String token = request.token().length() > 40 ? request.token().substring(0, 40) + "..." : request.token();
        return request.service() + " " + request.mutation() + " " + request.method() + " " + clip(request.target())
                + " token " + token.replaceAll("\\p{Cntrl}", "?") + " body " + (request.body() == null ? "none"
                : clip(new String(request.body(), StandardCharsets.UTF_8)));
    }

    private static String mutation(Mutations.Frame cause) {
        return cause == null ? "(none)" : cause.mutation();
    }

    private static String sample(Mutations.Frame cause) {
        return cause == null ? "" : clip(cause.text());
    }

    private static String clip(String text) {
        return text.length() > 200 ? text.substring(0, 200) + "... (" + text.length() + " chars)" : text;
    }

    /** What a run sent and got; thread-safe while it runs. */
    public static final class Report {
        public final LongAdder framesSent = new LongAdder();
        public final LongAdder requestsSent = new LongAdder();
        public final Map<String, LongAdder> frameMutations = new ConcurrentHashMap<>();
        public final Map<String, LongAdder> writeFailures = new ConcurrentHashMap<>();
        public final Map<String, LongAdder> replies = new ConcurrentHashMap<>();
        public final Map<String, LongAdder> closes = new ConcurrentHashMap<>();
        public final Map<String, LongAdder> handshakes = new ConcurrentHashMap<>();
        public final Map<String, LongAdder> statuses = new ConcurrentHashMap<>();
        /** Refusals by Undertow itself (a request it cannot parse, a path no handler serves): no JSON body. */
        public final Map<String, LongAdder> bareRefusals = new ConcurrentHashMap<>();
        /** One of each service, mutation and status. */
        public final List<String> bareSamples = new CopyOnWriteArrayList<>();
        private final Set<String> bareKinds = ConcurrentHashMap.newKeySet();
        /** Milliseconds spent on requests, by mutation. */
        public final Map<String, LongAdder> requestMillis = new ConcurrentHashMap<>();
        /** Milliseconds from each socket's upgrade to its welcome, added up. */
        public final LongAdder welcomeMillis = new LongAdder();
        /** Message ids answered with {@code sent}, by the socket's user. */
        public final Map<String, Set<String>> accepted = new ConcurrentHashMap<>();
        public final Set<String> createdUsers = ConcurrentHashMap.newKeySet();
        public final Set<String> deactivatedUsers = ConcurrentHashMap.newKeySet();
        public final LongAdder problems = new LongAdder();
        public final List<String> problemSamples = new CopyOnWriteArrayList<>();
        public volatile double seconds;
        /** When the last socket, and the last request thread, finished. */
        public final DoubleAccumulator framesSeconds = new DoubleAccumulator(Math::max, 0);
        public final DoubleAccumulator requestsSeconds = new DoubleAccumulator(Math::max, 0);

        void count(Map<String, LongAdder> counts, String key) {
            counts.computeIfAbsent(key, k -> new LongAdder()).increment();
        }

        void problem(String what) {
            problems.increment();
            if (problemSamples.size() < 20) {
                problemSamples.add(what);
            }
        }

        private static double round(double seconds) {
            return Math.round(seconds * 10) / 10.0;
        }

        public long acceptedMessages() {
            return accepted.values().stream().mapToLong(Set::size).sum();
        }

        public static Map<String, Long> sorted(Map<String, LongAdder> counts) {
            Map<String, Long> out = new TreeMap<>();
            counts.forEach((k, v) -> out.put(k, v.sum()));
            return out;
        }

        @Override
        public String toString() {
            return "frames " + framesSent.sum() + " (" + sorted(frameMutations) + "), requests " + requestsSent.sum()
                    + " in " + round(seconds) + " s (frames " + round(framesSeconds.get()) + " s, requests "
                    + round(requestsSeconds.get()) + " s); replies " + sorted(replies) + "; closes "
                    + sorted(closes) + "; handshakes " + sorted(handshakes) + "; HTTP " + sorted(statuses)
                    + "; refusals without a JSON body " + sorted(bareRefusals) + " (" + String.join(" | ", bareSamples)
                    + "); write failures "
                    + sorted(writeFailures) + "; request ms by mutation " + sorted(requestMillis) + "; welcome ms "
                    + welcomeMillis.sum() + "; accepted sends " + acceptedMessages() + ", users created "
                    + createdUsers + ", deactivated " + deactivatedUsers + "; problems " + problems.sum()
                    + (problemSamples.isEmpty() ? "" : ": " + String.join(" | ", problemSamples));
        }
    }
}
