package io.chatengine.bench;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The members of the plan's rooms online: {@code socketsPerUser} sockets a user over the engine's gateways, each
 * subscribed to its user's rooms live from now ({@code null}), and messages sent at a rate, each from a random member
 * of a random room. Every member socket of the room (the sender's too) should get each message once, with the room's
 * seq one above the last it got for that room. A message's ref and text name its window and number; the text also
 * carries its send time. Everything runs on the one I/O thread of {@link Sockets}, as in {@link ChatLoad}.
 */
final class RoomLoad implements AutoCloseable {
    private static final Duration CONNECTING = Duration.ofSeconds(120);
    /** How long every socket may take to have every room answered {@code subscribed}. */
    private static final Duration SUBSCRIBING = Duration.ofSeconds(60);
    /** The rooms one subscribe frame may name (SPEC section 6). */
    private static final int ROOMS_PER_SUBSCRIBE = 1_000;
    /** Latency samples kept at most in a window (8 bytes each). */
    private static final long MAX_SAMPLES = 20_000_000;

    private final Sockets sockets = new Sockets();
    private final Target target;
    private final List<String> names;
    private final Map<String, Integer> roomIndex = new HashMap<>();
    private final int socketsPerUser;
    private final List<String> users;
    private final Member[] members;
    /** The users of each room, by index into {@link #users}. */
    private final int[][] roomUsers;
    /** The rooms of each user, by room index. */
    private final List<List<Integer>> userRooms = new ArrayList<>();
    private final WindowMeter meter;
    private final CountDownLatch welcomed;
    private final CountDownLatch subscribed;
    private final AtomicInteger failedConnects = new AtomicInteger();
    /** Why the setup cannot go on (the engine refused a subscribe, a socket closed); null while it can. */
    private volatile String setupFailure;
    private volatile boolean ready;
    private volatile boolean closing;
    private volatile Window window;
    double connectSeconds;
    double subscribeSeconds;
    // touched on the I/O thread only
    private long duplicates;
    private long gaps;
    private long closedUnexpectedly;
    private final Map<String, Long> errors = new TreeMap<>();

    RoomLoad(Target target, RoomPlan plan, List<String> roomNames, int socketsPerUser, WindowMeter meter) {
        if (target.gateways().isEmpty()) {
            throw new EngineRefused("endpoints.json names no gateway");
        }
        this.target = target;
        this.names = List.copyOf(roomNames);
        this.socketsPerUser = socketsPerUser;
        this.meter = meter;
        this.users = plan.users();
        Map<String, Integer> userIndex = new HashMap<>();
        for (int i = 0; i < users.size(); i++) {
            userIndex.put(users.get(i), i);
            userRooms.add(new ArrayList<>());
        }
        roomUsers = new int[plan.rooms().size()][];
        long pairs = 0;
        for (RoomPlan.Room room : plan.rooms()) {
            roomIndex.put(names.get(room.index()), room.index());
            roomUsers[room.index()] = room.members().stream().mapToInt(userIndex::get).toArray();
            for (int user : roomUsers[room.index()]) {
                userRooms.get(user).add(room.index());
            }
            pairs += (long) room.members().size() * socketsPerUser;
        }
        members = new Member[users.size() * socketsPerUser];
        for (int i = 0; i < members.length; i++) {
            members[i] = new Member(i / socketsPerUser);
        }
        welcomed = new CountDownLatch(members.length);
        subscribed = new CountDownLatch((int) pairs);
    }

    /** The gateway of user {@code user}'s {@code k}-th socket: a user's sockets are each on another gateway. */
    static int gatewayOf(int user, int k, int gateways) {
        return (user + k) % gateways;
    }

    /** Opens every socket, waits for its welcome, subscribes it to its user's rooms and waits for every answer. */
    void connect() throws InterruptedException {
        long started = System.nanoTime();
        List<String> gateways = target.gateways();
        String[] tokens = users.stream().map(target::token).toArray(String[]::new);
        long deadline = started + CONNECTING.toNanos();
        int notTried = sockets.openAll(0, members.length, i -> {
            int user = i / socketsPerUser;
            return URI.create(gateways.get(gatewayOf(user, i % socketsPerUser, gateways.size()))
                    + "?access_token=" + tokens[user]);
        }, deadline, (i, channel) -> members[i].client = new Client(users.get(i / socketsPerUser), channel,
                members[i]), () -> {
            failedConnects.incrementAndGet();
            setupFailure = failedConnects.get() + " of " + members.length + " sockets could not connect to the gateways";
        });
        if (notTried > 0) {
            throw new EngineRefused(notTried + " of " + members.length + " sockets were not opened within "
                    + CONNECTING.toSeconds() + " s");
        }
        await(welcomed, deadline, "sockets were welcomed", CONNECTING);
        connectSeconds = (System.nanoTime() - started) / 1e9;
        long subscribing = System.nanoTime();
        await(subscribed, subscribing + SUBSCRIBING.toNanos(),
                "room subscriptions were answered `subscribed` (does the gateway serve rooms, SPEC section 6?)",
                SUBSCRIBING);
        subscribeSeconds = (System.nanoTime() - subscribing) / 1e9;
        ready = true;
    }

    private void await(CountDownLatch latch, long deadline, String what, Duration within) throws InterruptedException {
        long total = latch.getCount();
        while (!latch.await(100, TimeUnit.MILLISECONDS)) {
            if (setupFailure != null) {
                throw new EngineRefused(setupFailure);
            }
            if (System.nanoTime() > deadline) {
                throw new EngineRefused("only " + (total - latch.getCount()) + " of " + total + " " + what
                        + " within " + within.toSeconds() + " s");
            }
        }
        if (setupFailure != null) {
            throw new EngineRefused(setupFailure);
        }
    }

    /** What one window at one rate saw, for its measured messages. */
    record Result(double rate, long sent, long allSent, long accepted, long deliveries, long expectedDeliveries,
                  long lost, long duplicated, long seqGaps, long closed, double measureSeconds, double[] deliveryMs,
                  double[] lastMemberMs, Map<String, Double> cpuMsPerMessage, Map<String, Double> cpuMsPerDelivery,
                  KafkaRequests.Span kafkaRequests, Map<String, Long> errors) {
    }

    /** Sends at {@code rate} room messages a second for warm-up plus measure, then waits up to the grace. */
    Result run(double rate, Duration warmup, Duration measure) throws InterruptedException {
        long planned = (long) Math.ceil(rate * (warmup.toMillis() + measure.toMillis()) / 1000.0) + 16;
        long measuredPlanned = (long) Math.ceil(rate * measure.toMillis() / 1000.0) + 16;
        int samples = (int) Math.min(MAX_SAMPLES, (long) (measuredPlanned * meanSocketsPerRoom() * 1.2) + 1024);
        Window w = new Window(rate, new RoomTally((int) Math.min(Integer.MAX_VALUE - 8, planned), samples));
        sockets.onIoThread(() -> {
            w.duplicatesAtStart = duplicates;
            w.gapsAtStart = gaps;
            w.closedAtStart = closedUnexpectedly;
            window = w;
            return null;
        });
        Pacer.pace(sockets.thread(), rate, w.tally.capacity(), warmup, measure, new Pacer.Load() {
            @Override
            public void send(int n) {
                RoomLoad.this.send(w, n);
            }

            @Override
            public void measuring(int sent) {
                w.tally.measureFromNext();
                w.atStart = meter.read();
            }

            @Override
            public void ended(int sent, double seconds) {
                w.atEnd = meter.read();
                w.measureSeconds = seconds;
            }
        });
        long deadline = System.nanoTime() + ChatLoad.GRACE.toNanos();
        while (!sockets.onIoThread(w.tally::complete) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        return sockets.onIoThread(() -> {
            window = null; // what comes later is not counted: lost
            return result(w);
        });
    }

    private double meanSocketsPerRoom() {
        long sum = 0;
        for (int[] room : roomUsers) {
            sum += (long) room.length * socketsPerUser;
        }
        return roomUsers.length == 0 ? 0 : (double) sum / roomUsers.length;
    }

    private Result result(Window w) {
        RoomTally tally = w.tally;
        Map<String, Double> perDelivery = w.atStart.cpu().millisPerMessage(w.atEnd.cpu(), tally.deliveredMeasured());
        return new Result(w.rate, tally.measured(), tally.sent(), w.accepted, tally.deliveredMeasured(),
                tally.expectedMeasured(), tally.lost(), duplicates - w.duplicatesAtStart, gaps - w.gapsAtStart,
                closedUnexpectedly - w.closedAtStart, w.measureSeconds, tally.deliveryMillis(),
                tally.lastMemberMillis(), w.atStart.cpu().millisPerMessage(w.atEnd.cpu(), tally.measured()),
                perDelivery, w.atStart.requests().until(w.atEnd.requests(), tally.measured()), new TreeMap<>(errors));
    }

    private void send(Window w, int n) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        int room = random.nextInt(roomUsers.length);
        int[] in = roomUsers[room];
        int user = in[random.nextInt(in.length)];
        Member from = members[user * socketsPerUser + random.nextInt(socketsPerUser)];
        long now = System.nanoTime();
        w.tally.sent(n, now, in.length * socketsPerUser);
        String ref = w.id + "-" + n;
        from.client.send("{\"type\":\"send\",\"room\":\"" + names.get(room) + "\",\"ref\":\"" + ref
                + "\",\"text\":\"" + ref + "-" + now + "\"}");
    }

    /** The number of a message of window {@code windowId} from its ref or text ({@code <window>-<n>[-...]}), else -1. */
    static int number(String refOrText, String windowId) {
        if (refOrText == null || refOrText.length() <= windowId.length() + 1 || !refOrText.startsWith(windowId)
                || refOrText.charAt(windowId.length()) != '-') {
            return -1;
        }
        int n = 0;
        for (int i = windowId.length() + 1; i < refOrText.length() && refOrText.charAt(i) != '-'; i++) {
            char c = refOrText.charAt(i);
            if (c < '0' || c > '9' || n > (Integer.MAX_VALUE - 9) / 10) {
                return -1;
            }
            n = n * 10 + (c - '0');
        }
        return n;
    }

    /** One socket: its user, and the seqs it got per room. Its frames are handled on the I/O thread. */
    private final class Member implements Client.Frames {
        final int user;
        final Map<String, SeqCheck> rooms = new HashMap<>();
        volatile Client client;
        boolean welcomed;

        Member(int user) {
            this.user = user;
        }

        @Override
        public void frame(Client client, Client.Frame frame) {
            switch (frame.type()) {
                case "welcome" -> welcome(this);
                case "subscribed" -> {
                    if (frame.room() != null && rooms.putIfAbsent(frame.room(), new SeqCheck()) == null) {
                        subscribed.countDown();
                    }
                }
                case "message", "member", "closed" -> {
                    if (frame.room() != null) {
                        roomFrame(this, frame);
                    }
                }
                case "sent" -> sent(frame);
                case "error" -> error(this, frame);
                default -> {
                }
            }
        }

        @Override
        public void closed(Client client) {
            if (closing) {
                return;
            }
            if (!ready) {
                setupFailure = "the gateway closed the socket of " + users.get(user) + " while it was being set up";
            }
            closedUnexpectedly++;
        }
    }

    private void welcome(Member member) {
        if (member.welcomed) {
            return;
        }
        member.welcomed = true;
        List<Integer> rooms = userRooms.get(member.user);
        for (int from = 0; from < rooms.size(); from += ROOMS_PER_SUBSCRIBE) {
            StringBuilder frame = new StringBuilder("{\"type\":\"subscribe\",\"rooms\":{");
            for (int i = from; i < Math.min(rooms.size(), from + ROOMS_PER_SUBSCRIBE); i++) {
                frame.append(i == from ? "\"" : ",\"").append(names.get(rooms.get(i))).append("\":null");
            }
            member.client.send(frame.append("}}").toString());
        }
        welcomed.countDown();
    }

    private void roomFrame(Member member, Client.Frame frame) {
        long now = System.nanoTime();
        SeqCheck seqs = member.rooms.get(frame.room());
        if (seqs == null) {
            count(roomIndex.containsKey(frame.room()) ? "frame before subscribed" : "frame of a room not subscribed");
            return;
        }
        long gapsBefore = seqs.gaps();
        if (seqs.accept(frame.seq()) == SeqCheck.Verdict.DUPLICATE) {
            duplicates++;
            return;
        }
        gaps += seqs.gaps() - gapsBefore;
        Window w = window;
        if (w != null && frame.type().equals("message")) {
            w.tally.delivered(number(frame.text(), w.id), now);
        }
    }

    private void sent(Client.Frame frame) {
        Window w = window;
        if (w != null && w.tally.isMeasured(number(frame.ref(), w.id))) {
            w.accepted++;
        }
    }

    private void error(Member member, Client.Frame frame) {
        if (!ready) {
            setupFailure = "the gateway answered " + users.get(member.user) + "'s subscribe with error "
                    + frame.code() + (frame.room() == null ? "" : " for room " + frame.room()) + ": "
                    + frame.message() + (frame.room() == null ? " (does it serve rooms, SPEC section 6?)" : "");
        }
        count(String.valueOf(frame.code()));
    }

    private void count(String what) {
        errors.merge(what, 1L, Long::sum);
    }


    @Override
    public void close() throws InterruptedException {
        closing = true;
        for (Member member : members) {
            if (member.client != null) {
                member.client.close();
            }
        }
        sockets.close();
    }

    /** One run at one rate. */
    private static final class Window {
        private static final AtomicLong IDS = new AtomicLong();
        /** Unique across runs: the engine keeps every (sender, room, ref) it accepted. */
        final String id = Long.toString(System.currentTimeMillis() * 100 + IDS.incrementAndGet() % 100, 36);
        final double rate;
        final RoomTally tally;
        long accepted;
        long duplicatesAtStart;
        long gapsAtStart;
        long closedAtStart;
        volatile double measureSeconds;
        volatile WindowMeter.Reading atStart;
        volatile WindowMeter.Reading atEnd;

        Window(double rate, RoomTally tally) {
            this.rate = rate;
            this.tally = tally;
        }
    }
}
