package io.chatengine.bench;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.xnio.IoUtils;
import org.xnio.XnioExecutor;
import org.xnio.XnioIoThread;

/**
 * Users who behave as docs/protocol.md asks of real clients while the engine's processes are killed under them:
 * one socket each, spread over the gateways; after any close or failed connect they reconnect (to the next
 * gateway, with a backoff from 100 ms to 1 s) with {@code since} = the last contiguous seq they hold; every message
 * that has no {@code sent} yet is sent again with the same ref after a reconnect, and after an {@code unavailable}
 * or {@code rate_limited} error for it. Each message is accounted for: accepted, delivered (at which seq), and in
 * which fault's window it was sent. With rooms, each welcomed socket subscribes to its user's rooms from the room
 * seq the user holds (null the first time) and part of the sends go to them, resent alike; {@link ChaosRooms}
 * accounts for them per member. All of it runs on the one I/O thread of {@link Sockets}.
 */
final class ChaosLoad implements Client.Frames, Faults.Chat, AutoCloseable {
    private static final Duration TICK = Duration.ofMillis(5);
    private static final long BACKOFF_FIRST_MS = 100;
    private static final long BACKOFF_MAX_MS = 1_000;
    /** A connect that has not brought a welcome by then is dropped and tried again elsewhere. */
    private static final Duration WELCOME_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration RESEND_AFTER_ERROR = Duration.ofMillis(250);
    /** A user whose deliveries stop this long while messages to it are outstanding counts as hit by the fault. */
    private static final long STALL_NS = Duration.ofSeconds(1).toNanos();
    /** Pauses longer than this are counted, by the window they began in. */
    static final Duration LONG_PAUSE = Duration.ofSeconds(5);
    /** The repeats told on stderr as they come, with the socket they came on. */
    private static final int REPEATS_TOLD = 20;
    /** The lost messages the report names. */
    private static final int LOST_TOLD = 5;
    /** Sockets that open at once at the start; the rest wait their turn (the gateways' accept backlog). */
    private static final int OPENING_PER_STEP = 100;
    private static final Duration OPENING_STEP = Duration.ofMillis(100);
    /** How long every (member, room) may take to have its first subscribe answered {@code subscribed}. */
    private static final Duration SUBSCRIBING = Duration.ofSeconds(60);

    /** The rooms of the run: the plan, its rooms' names (by plan index), the share of the sends that go to them. */
    record RoomSide(RoomPlan plan, List<String> names, double share) {
        RoomSide {
            if (share < 0 || share > 1) {
                throw new IllegalArgumentException("--room-share must be from 0 to 1, not " + share);
            }
        }
    }

    private final Sockets sockets = new Sockets();
    private final Target target;
    private final User[] users;
    private final Map<String, User> byName = new HashMap<>();
    /** Unique across runs: the engine remembers every (sender, ref) it accepted. */
    private final String runId = Long.toString(System.currentTimeMillis(), 36);
    private final String refPrefix = runId + "-";
    /** Room sends' refs: the direct prefix and an {@code r}, so that a ref tells which kind of send it answers. */
    private final String roomRefPrefix = runId + "-r";
    private final Messages messages;
    private final Faults.Clock clock;
    private final Map<String, Long> errors = new TreeMap<>();
    private final CountDownLatch welcomedOnce;
    private final AtomicLong accepted = new AtomicLong();
    /** Accepted and delivered to the recipient: the drain waits until this reaches {@link #accepted}. */
    private final AtomicLong settled = new AtomicLong();
    private final AtomicLong unsent = new AtomicLong();
    /** The gateways' instance names, in the order of {@link Target#gateways()}. */
    private final List<String> gatewayNames;
    private long repeats;
    /** Messages below this number are all delivered or refused (see {@link #settled}). */
    private int settledUpTo;
    private volatile boolean closing;
    /** The room side, null without rooms. */
    private final ChaosRooms rooms;
    private final double roomShare;
    private final CountDownLatch roomsSubscribedOnce;
    /** Why the rooms cannot be set up (a subscribe refused); null while they can. */
    private volatile String roomSetupFailure;
    /** Every (member, room) has been answered once: what is refused from now on is counted, not fatal. */
    private volatile boolean roomsReady;
    private final Map<String, Long> roomErrors = new TreeMap<>();
    private long roomRepeats;

    /** {@code roomSide} null: direct messages only, as before rooms. */
    ChaosLoad(Target target, List<String> names, int capacity, Faults.Clock clock, RoomSide roomSide) {
        this.target = target;
        this.clock = clock;
        this.messages = new Messages(capacity);
        if (roomSide != null) {
            if (!roomSide.plan().users().equals(names)) {
                throw new IllegalArgumentException("the room plan is not dealt over the run's users");
            }
            int roomCapacity = (int) Math.min(capacity, Math.ceil(capacity * roomSide.share() * 1.1) + 1024);
            rooms = new ChaosRooms(roomSide.plan(), roomSide.names(), roomRefPrefix, roomCapacity, clock);
            roomShare = roomSide.share();
            roomsSubscribedOnce = new CountDownLatch(rooms.pairs());
        } else {
            rooms = null;
            roomShare = 0;
            roomsSubscribedOnce = new CountDownLatch(0);
        }
        users = new User[names.size()];
        for (int i = 0; i < users.length; i++) {
            users[i] = new User(i, names.get(i), target.token(names.get(i)));
            byName.put(users[i].name, users[i]);
        }
        welcomedOnce = new CountDownLatch(users.length);
        gatewayNames = target.processes().stream().filter(p -> p.service().equals("delivery-gateway"))
                .map(Target.EngineProcess::instance).toList();
    }

    /**
     * Connects every user (a batch per step) and waits for their welcomes; with rooms, then for every member's first
     * subscription of each of its rooms to be answered. Throws {@link EngineRefused} when the gateway refuses a
     * subscribe or does not answer them all within {@link #SUBSCRIBING}.
     */
    void connect(Duration timeout) throws InterruptedException {
        XnioIoThread thread = sockets.thread();
        for (User user : users) {
            long delayMs = user.index / OPENING_PER_STEP * OPENING_STEP.toMillis();
            thread.executeAfter(() -> open(user), delayMs, TimeUnit.MILLISECONDS);
        }
        if (!welcomedOnce.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException(welcomedOnce.getCount() + " of " + users.length
                    + " users were not welcomed within " + timeout.toSeconds() + " s");
        }
        if (rooms == null) {
            return;
        }
        long total = roomsSubscribedOnce.getCount();
        long deadline = System.nanoTime() + SUBSCRIBING.toNanos();
        while (!roomsSubscribedOnce.await(100, TimeUnit.MILLISECONDS)) {
            if (roomSetupFailure != null) {
                throw new EngineRefused(roomSetupFailure);
            }
            if (System.nanoTime() > deadline) {
                throw new EngineRefused("only " + (total - roomsSubscribedOnce.getCount()) + " of " + total
                        + " room subscriptions were answered `subscribed` within " + SUBSCRIBING.toSeconds()
                        + " s (does the gateway serve rooms, SPEC section 6?)");
            }
        }
        if (roomSetupFailure != null) {
            throw new EngineRefused(roomSetupFailure);
        }
        roomsReady = true;
    }

    /**
     * Sends at {@code rate} msg/s from random users to random others, from {@code start} ({@link System#nanoTime()})
     * until the time {@code end} gives (asked at every tick: it may move). Returns the seconds it sent for.
     */
    double run(double rate, long start, LongSupplier end) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        long[] count = {0};
        long[] ended = {0};
        XnioExecutor.Key ticks = sockets.thread().executeAtInterval(() -> {
            if (done.getCount() == 0) {
                return;
            }
            long now = System.nanoTime();
            long due = (long) (rate * (now - start) / 1e9);
            for (; count[0] < due && !full(); count[0]++) {
                generate();
            }
            if (now >= end.getAsLong() || full()) {
                ended[0] = now;
                done.countDown();
            }
        }, TICK.toNanos(), TimeUnit.NANOSECONDS);
        done.await();
        ticks.remove();
        return (ended[0] - start) / 1e9;
    }

    /** No room left to number another message: the run ends. */
    private boolean full() {
        return messages.created >= messages.capacity() || rooms != null && rooms.created() >= rooms.capacity();
    }

    /**
     * Waits until every accepted message has reached its recipient (a room message: every member owed it) and none
     * waits to be sent, or the timeout.
     */
    boolean drain(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (settled.get() == accepted.get() && unsent.get() == 0
                    && (rooms == null || sockets.onIoThread(rooms::drained))) {
                return true;
            }
            Thread.sleep(100);
        }
        return false;
    }

    /**
     * Whether the chat has settled after a fault: every user holds a welcomed socket, and every message sent more
     * than {@code age} ago has been accepted and has reached its recipient, every member for a room message (or was
     * refused for good).
     */
    @Override
    public boolean settled(Duration age) throws InterruptedException {
        return sockets.onIoThread(() -> {
            for (User user : users) {
                if (!user.welcomed) {
                    return false;
                }
            }
            long sentBefore = System.nanoTime() - age.toNanos();
            while (settledUpTo < messages.created && (messages.refused[settledUpTo]
                    || messages.accepted[settledUpTo] && messages.deliveredSeq[settledUpTo] != 0)) {
                settledUpTo++;
            }
            boolean direct = settledUpTo == messages.created || messages.transmittedAt[settledUpTo] > sentBefore;
            return direct && (rooms == null || rooms.settled(sentBefore));
        });
    }

    /** Users whose socket has been welcomed for at least {@code age}: presence must count one connection each. */
    @Override
    public List<String> steadilyConnected(Duration age) throws InterruptedException {
        return sockets.onIoThread(() -> {
            long since = System.nanoTime() - age.toNanos();
            List<String> steady = new ArrayList<>();
            for (User user : users) {
                if (user.welcomed && user.welcomedAt <= since) {
                    steady.add(user.name);
                }
            }
            return steady;
        });
    }


    /** What the run saw, in total and per fault window; call after {@link #drain}. */
    Report report() throws InterruptedException {
        return sockets.onIoThread(this::count);
    }

    // ---- on the I/O thread from here ----

    private void generate() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        User from = users[random.nextInt(users.length)];
        if (rooms != null && rooms.roomCount(from.index) > 0 && random.nextDouble() < roomShare) {
            generateInRoom(from, random);
            return;
        }
        int n = messages.created;
        User to = users[random.nextInt(users.length - 1)];
        if (to == from) {
            to = users[users.length - 1];
        }
        messages.create(n, from.index, to.index, clock.window());
        from.pending.add(n);
        unsent.incrementAndGet();
        if (from.welcomed) {
            transmit(from, n);
        }
    }

    /** A message from {@code from} to one of its rooms. */
    private void generateInRoom(User from, ThreadLocalRandom random) {
        int n = rooms.created();
        rooms.create(n, from.index, rooms.roomOf(from.index, random.nextInt(rooms.roomCount(from.index))),
                clock.window());
        from.roomPending.add(n);
        if (from.welcomed) {
            transmitInRoom(from, n);
        }
    }

    private void transmitInRoom(User from, int n) {
        from.socket.send(rooms.transmit(n, System.nanoTime()));
    }

    private void transmit(User from, int n) {
        User to = users[messages.to[n]];
        if (messages.transmittedAt[n] == 0) {
            messages.transmittedAt[n] = System.nanoTime();
            to.incoming.add(n);
        }
        from.socket.send(to.sendPrefix, refPrefix + n);
    }

    private void open(User user) {
        long attempt = ++user.attempt;
        String gateway = target.gateways().get(user.gateway % target.gateways().size());
        String since = user.base < 0 ? "" : "&since=" + user.contiguous;
        user.socketSince = user.base < 0 ? -1 : user.contiguous;
        sockets.open(URI.create(gateway + "?access_token=" + user.token + since), channel -> {
            if (closing || attempt != user.attempt) {
                IoUtils.safeClose(channel);
                return;
            }
            user.socket = new Client(user.name, channel, this);
        }, e -> {
            if (attempt == user.attempt) {
                connectFailed(user);
            }
        });
        sockets.thread().executeAfter(() -> {
            if (attempt == user.attempt && !user.welcomed && !closing) {
                if (user.socket != null) {
                    user.socket.abort();
                }
                connectFailed(user);
            }
        }, WELCOME_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void connectFailed(User user) {
        user.socket = null;
        user.gateway++;
        reconnectLater(user);
    }

    private void reconnectLater(User user) {
        if (closing) {
            return;
        }
        long attempt = ++user.attempt;
        long backoff = Math.min(BACKOFF_MAX_MS, BACKOFF_FIRST_MS << Math.min(4, user.failures++));
        long jittered = backoff / 2 + ThreadLocalRandom.current().nextLong(backoff / 2 + 1);
        sockets.thread().executeAfter(() -> {
            if (attempt == user.attempt) {
                open(user);
            }
        }, jittered, TimeUnit.MILLISECONDS);
    }

    @Override
    public void closed(Client client) {
        User user = byName.get(client.user);
        if (closing || user.socket != client) {
            return;
        }
        boolean wasWelcomed = user.welcomed;
        user.socket = null;
        user.welcomed = false;
        user.gateway++; // its gateway may be going away: the next one first
        if (wasWelcomed) {
            int window = clock.window();
            clock.stats(window).reconnects++;
            user.affectedBy = Math.max(user.affectedBy, window);
        }
        reconnectLater(user);
    }

    @Override
    public void frame(Client client, Client.Frame frame) {
        User user = byName.get(client.user);
        if (user.socket != client) {
            return; // a socket this user already gave up
        }
        switch (frame.type()) {
            case "welcome" -> welcome(user, frame.seq());
            case "message" -> {
                if (frame.room() == null) {
                    message(user, frame);
                } else {
                    roomFrame(user, frame);
                }
            }
            // a change of the user's own room membership takes an inbox seq like a message
            case "room" -> message(user, frame);
            case "member", "closed" -> roomFrame(user, frame);
            case "subscribed" -> subscribed(user, frame);
            case "sent" -> {
                if (isRoomRef(frame.ref())) {
                    sentInRoom(frame);
                } else {
                    sent(frame.ref());
                }
            }
            case "error" -> error(user, frame);
            default -> {
            }
        }
    }

    private boolean isRoomRef(String ref) {
        return rooms != null && ref != null && ref.startsWith(roomRefPrefix);
    }

    private void welcome(User user, long seq) {
        if (user.base < 0) {
            user.base = seq;
            user.contiguous = seq;
            user.socketSince = seq;
            user.lastDelivery = System.nanoTime();
            welcomedOnce.countDown();
        }
        user.socketMax = user.socketSince;
        user.welcomed = true;
        user.welcomedAt = System.nanoTime();
        user.failures = 0;
        for (int n : user.pending) {
            transmit(user, n);
        }
        if (rooms != null) {
            for (String subscribe : rooms.subscribeFrames(user.index)) {
                user.socket.send(subscribe);
            }
            for (int n : user.roomPending) {
                transmitInRoom(user, n);
            }
        }
    }

    private void message(User user, Client.Frame frame) {
        long now = System.nanoTime();
        long seq = frame.seq();
        int window = clock.window();
        if (seq <= user.socketMax) {
            // at or below the socket's since, or below what it already got
            if (repeats++ < REPEATS_TOLD) {
                System.err.printf("chaos: %s repeat: seq %d on %s, whose since was %d and highest seq %d%n",
                        user.name, seq, gatewayOf(user), user.socketSince, user.socketMax);
            }
            clock.stats(window).repeats++;
        }
        user.socketMax = Math.max(user.socketMax, seq);
        if (seq <= user.base) {
            return;
        }
        String earlier = user.hold(seq, frame.id(), now);
        if (earlier != null && !earlier.equals(frame.id())) {
            clock.stats(window).duplicated++; // one seq, two messages
        }
        int n = numberOf(frame.ref());
        if (n < 0) {
            return;
        }
        boolean toMe = !user.name.equals(frame.from());
        long[] seqs = toMe ? messages.deliveredSeq : messages.echoSeq;
        if (seqs[n] != 0 && seqs[n] != seq) {
            clock.stats(messages.window[n]).duplicated++; // one message at two seqs of this inbox
        }
        if (!toMe || seqs[n] != 0) {
            seqs[n] = seq;
            return;
        }
        seqs[n] = seq;
        delivered(user, n, now);
    }

    private void delivered(User user, int n, long now) {
        Integer oldest;
        while ((oldest = user.incoming.peek()) != null && messages.deliveredSeq[oldest] != 0 && oldest != n) {
            user.incoming.poll();
        }
        long owedSince = oldest == null ? Long.MAX_VALUE : messages.transmittedAt[oldest];
        if (rooms != null) {
            owedSince = Math.min(owedSince, rooms.owedSince(user.index));
        }
        paused(user, now, owedSince);
        user.incoming.remove(n);
        if (messages.accepted[n]) {
            settled.incrementAndGet();
        }
    }

    /** When the oldest direct message to {@code user} not delivered yet was first sent; MAX_VALUE: none. */
    private long directOwedSince(User user) {
        Integer oldest;
        while ((oldest = user.incoming.peek()) != null && messages.deliveredSeq[oldest] != 0) {
            user.incoming.poll();
        }
        return oldest == null ? Long.MAX_VALUE : messages.transmittedAt[oldest];
    }

    /**
     * A delivery to {@code user} (direct or room) ended its wait: from its previous delivery, or from when the oldest
     * message it was owed was first sent ({@code owedSince}, MAX_VALUE: none) if that is later.
     */
    private void paused(User user, long now, long owedSince) {
        long pauseFrom = owedSince == Long.MAX_VALUE ? user.lastDelivery : Math.max(user.lastDelivery, owedSince);
        long pause = now - pauseFrom;
        int began = clock.windowAt(pauseFrom);
        Faults.Stats stats = clock.stats(began);
        if (pause > stats.maxPauseNs) {
            stats.maxPauseNs = pause;
            stats.maxPauseUser = user.name;
            stats.maxPauseGateway = gatewayOf(user);
            stats.maxPauseFromNs = pauseFrom;
            stats.maxPauseToNs = now;
        }
        if (pause > LONG_PAUSE.toNanos()) {
            stats.longPauses++;
        }
        if (pause > STALL_NS && began >= 0) {
            user.affectedBy = Math.max(user.affectedBy, began);
        }
        if (user.affectedBy > user.recoveredFrom) {
            clock.recovered(user.affectedBy, now);
            user.recoveredFrom = user.affectedBy;
        }
        user.lastDelivery = now;
    }

    private void roomFrame(User user, Client.Frame frame) {
        if (rooms == null) {
            return;
        }
        long now = System.nanoTime();
        int room = rooms.room(frame.room());
        ChaosRooms.Got got = room < 0 ? null
                : rooms.frame(user.index, room, frame.seq(), frame.type().equals("message") ? frame.text() : null);
        if (got == null) {
            roomErrors.merge("frame of a room not subscribed", 1L, Long::sum);
            return;
        }
        if (got.verdict() == RoomHold.Verdict.DUPLICATE || got.verdict() == RoomHold.Verdict.BEFORE_SUBSCRIBED) {
            if (roomRepeats++ < REPEATS_TOLD) {
                RoomHold hold = rooms.hold(user.index, room);
                System.err.printf("chaos: %s %s: room seq %d on %s, %s (subscribed first at %d, holding up to %d)%n",
                        user.name, frame.room(), frame.seq(), gatewayOf(user),
                        got.verdict() == RoomHold.Verdict.DUPLICATE ? "got again" : "before its first subscribed",
                        hold.start(), hold.contiguous());
            }
        }
        if (got.delivery()) {
            paused(user, now, Math.min(got.owedSince(), directOwedSince(user)));
        }
    }

    private void subscribed(User user, Client.Frame frame) {
        if (rooms == null) {
            return;
        }
        int room = rooms.room(frame.room());
        if (room < 0 || rooms.hold(user.index, room) == null) {
            roomErrors.merge("subscribed to a room not asked", 1L, Long::sum);
            return;
        }
        if (frame.seq() < 0) {
            roomErrors.merge("subscribed without a seq", 1L, Long::sum);
            if (!roomsReady && roomSetupFailure == null) {
                roomSetupFailure = "the gateway answered " + user.name + "'s subscribe of " + frame.room()
                        + " with a `subscribed` without the room's seq (SPEC section 6)";
            }
            return;
        }
        if (rooms.subscribed(user.index, room, frame.seq())) {
            roomsSubscribedOnce.countDown();
        }
    }

    private void sentInRoom(Client.Frame frame) {
        int n = rooms.number(frame.ref());
        if (n >= 0 && rooms.accepted(n, frame.seq())) {
            users[rooms.sender(n)].roomPending.remove(n);
        }
    }

    /**
     * An error about a room: a room send's (resent after {@code unavailable} or {@code rate_limited}, else refused
     * for good), or a subscribe's: before every member was subscribed once, the run cannot go on.
     */
    private void roomError(User user, Client.Frame frame) {
        String code = String.valueOf(frame.code());
        if (frame.ref() == null) {
            roomErrors.merge("subscribe: " + code, 1L, Long::sum);
            if (!roomsReady && roomSetupFailure == null) {
                roomSetupFailure = "the gateway answered " + user.name + "'s subscribe with error " + code
                        + (frame.room() == null ? "" : " for room " + frame.room()) + ": " + frame.message()
                        + (frame.room() == null ? " (does it serve rooms, SPEC section 6?)"
                        : " (is the user a member, as the room plan has it?)");
            }
            return;
        }
        roomErrors.merge(code, 1L, Long::sum);
        int n = rooms.number(frame.ref());
        if (n < 0 || rooms.isAccepted(n)) {
            return;
        }
        if ("unavailable".equals(code) || "rate_limited".equals(code)) {
            sockets.thread().executeAfter(() -> {
                if (!rooms.isAccepted(n) && user.welcomed && user.roomPending.contains(n)) {
                    transmitInRoom(user, n);
                }
            }, RESEND_AFTER_ERROR.toMillis(), TimeUnit.MILLISECONDS);
        } else {
            user.roomPending.remove(n); // refused for good: not accepted, so no member is owed it
            rooms.refused(n);
        }
    }

    private void sent(String ref) {
        int n = numberOf(ref);
        if (n < 0 || messages.accepted[n]) {
            return;
        }
        messages.accepted[n] = true;
        accepted.incrementAndGet();
        unsent.decrementAndGet();
        users[messages.from[n]].pending.remove(n);
        if (messages.deliveredSeq[n] != 0) {
            settled.incrementAndGet();
        }
    }

    private void error(User user, Client.Frame frame) {
        if (rooms != null && (isRoomRef(frame.ref())
                || frame.ref() == null && (frame.room() != null || !roomsReady))) {
            roomError(user, frame);
            return;
        }
        errors.merge(String.valueOf(frame.code()), 1L, Long::sum);
        int n = numberOf(frame.ref());
        if (n < 0 || messages.accepted[n]) {
            return;
        }
        if ("unavailable".equals(frame.code()) || "rate_limited".equals(frame.code())) {
            sockets.thread().executeAfter(() -> {
                if (!messages.accepted[n] && user.welcomed) {
                    transmit(user, n);
                }
            }, RESEND_AFTER_ERROR.toMillis(), TimeUnit.MILLISECONDS);
        } else {
            user.pending.remove(n); // refused for good: not accepted, so not the engine's to deliver
            unsent.decrementAndGet();
            messages.refused[n] = true;
        }
    }

    /** The gateway instance the user's socket is on (or was last tried on). */
    private String gatewayOf(User user) {
        return gatewayNames.get(user.gateway % gatewayNames.size());
    }

    private int numberOf(String ref) {
        if (ref == null || !ref.startsWith(refPrefix)) {
            return -1;
        }
        int n = Integer.parseInt(ref, refPrefix.length(), ref.length(), 10);
        return n < messages.capacity() ? n : -1;
    }

    private Report count() {
        long generated = 0;
        long acceptedCount = 0;
        long delivered = 0;
        long refused = 0;
        for (int n = 0; n < messages.created; n++) {
            generated++;
            if (messages.refused[n]) {
                refused++;
            }
            if (messages.deliveredSeq[n] != 0) {
                delivered++;
            }
            if (messages.accepted[n]) {
                acceptedCount++;
                if (messages.deliveredSeq[n] == 0) {
                    clock.stats(messages.window[n]).lost++;
                }
            }
        }
        for (User user : users) {
            user.countGaps(clock);
        }
        RoomReport roomReport = null;
        if (rooms != null) {
            long lost = rooms.countLost();
            roomReport = new RoomReport(rooms.totals(), new TreeMap<>(roomErrors),
                    lost == 0 ? List.of() : rooms.lostSample(LOST_TOLD));
        }
        return new Report(generated, acceptedCount, delivered, refused, unsent.get(), new TreeMap<>(errors),
                waitingUsers(), lostSample(), roomReport);
    }

    /** Recipients still waiting for an accepted message at the end: a few users stuck, or all of them? */
    private long waitingUsers() {
        boolean[] waiting = new boolean[users.length];
        for (int n = 0; n < messages.created; n++) {
            if (messages.accepted[n] && messages.deliveredSeq[n] == 0) {
                waiting[messages.to[n]] = true;
            }
        }
        long count = 0;
        for (boolean w : waiting) {
            count += w ? 1 : 0;
        }
        return count;
    }

    /** The first lost messages, with what their recipient held, to look for them in the engine. */
    private List<String> lostSample() {
        List<String> sample = new ArrayList<>();
        for (int n = 0; n < messages.created && sample.size() < LOST_TOLD; n++) {
            if (messages.accepted[n] && messages.deliveredSeq[n] == 0) {
                User to = users[messages.to[n]];
                String told = "ref %s%d from %s to %s (on %s, holding seqs up to %d, the last received %.1f s before "
                        + "the end), first sent at %.1f s";
                sample.add(told.formatted(refPrefix, n, users[messages.from[n]].name, to.name, gatewayOf(to),
                        to.contiguous, (System.nanoTime() - to.lastDelivery) / 1e9,
                        clock.seconds(messages.transmittedAt[n])));
            }
        }
        return sample;
    }

    /** Totals of a run; the per-window figures are in the {@link Faults.Clock}'s stats. {@code rooms}: null without. */
    record Report(long generated, long accepted, long delivered, long refused, long unsent,
                  Map<String, Long> errors, long waitingUsers, List<String> lostSample, RoomReport rooms) {
    }

    /** The room side's totals, its errors (by code; a subscribe's apart) and the first lost (member, message) pairs. */
    record RoomReport(ChaosRooms.Totals totals, Map<String, Long> errors, List<String> lostSample) {
    }

    @Override
    public void close() throws InterruptedException {
        closing = true;
        sockets.onIoThread(() -> {
            for (User user : users) {
                if (user.socket != null) {
                    user.socket.close();
                }
            }
            return null;
        });
        sockets.close();
    }

    /** Every message of the run by number: who sent it to whom, and what became of it. */
    private static final class Messages {
        final int[] from;
        final int[] to;
        final int[] window;
        final long[] transmittedAt;
        final long[] deliveredSeq;
        final long[] echoSeq;
        final boolean[] accepted;
        final boolean[] refused;
        int created;

        Messages(int capacity) {
            from = new int[capacity];
            to = new int[capacity];
            window = new int[capacity];
            transmittedAt = new long[capacity];
            deliveredSeq = new long[capacity];
            echoSeq = new long[capacity];
            accepted = new boolean[capacity];
            refused = new boolean[capacity];
        }

        int capacity() {
            return from.length;
        }

        void create(int n, int sender, int recipient, int faultWindow) {
            from[n] = sender;
            to[n] = recipient;
            window[n] = faultWindow;
            created = Math.max(created, n + 1);
        }
    }

    /** One simulated user: its socket, its place in its inbox, and what it still has to send. */
    private static final class User {
        final int index;
        final String name;
        final String token;
        final byte[] sendPrefix;
        /** Messages this user sent that have no {@code sent} yet, oldest first. */
        final LinkedHashSet<Integer> pending = new LinkedHashSet<>();
        /** Room messages this user sent that have no {@code sent} yet, oldest first. */
        final LinkedHashSet<Integer> roomPending = new LinkedHashSet<>();
        /** Messages to this user transmitted and not yet delivered, oldest first (some may be delivered). */
        final ArrayDeque<Integer> incoming = new ArrayDeque<>();
        Client socket;
        boolean welcomed;
        long welcomedAt;
        int gateway;
        int failures;
        long attempt;
        /** The inbox seq at the first welcome: what came before is not this run's. */
        long base = -1;
        long contiguous;
        long socketSince;
        long socketMax;
        long lastDelivery;
        int affectedBy = -1;
        int recoveredFrom = -1;
        /** When each seq above {@link #base} was first received (0: not yet), and its message id. */
        private long[] heldAt = new long[16];
        private String[] ids = new String[16];
        private long highest;

        User(int index, String name, String token) {
            this.index = index;
            this.name = name;
            this.token = token;
            this.sendPrefix = Client.sendPrefix(name);
            this.gateway = index;
        }

        /** Records seq as held; returns the id it was first held with, or null if it is new. */
        String hold(long seq, String id, long now) {
            int i = (int) (seq - base - 1);
            if (i >= heldAt.length) {
                int size = Math.max(i + 1, heldAt.length * 2);
                heldAt = Arrays.copyOf(heldAt, size);
                ids = Arrays.copyOf(ids, size);
            }
            if (heldAt[i] != 0) {
                return ids[i];
            }
            heldAt[i] = now;
            ids[i] = id;
            highest = Math.max(highest, seq);
            while (contiguous - base < heldAt.length && heldAt[(int) (contiguous - base)] != 0) {
                contiguous++;
            }
            return null;
        }

        /** A seq missing below the highest one held; counted in the window the next held seq came in. */
        void countGaps(Faults.Clock clock) {
            long nextHeldAt = 0;
            for (int i = (int) (highest - base - 1); i >= 0; i--) {
                if (heldAt[i] != 0) {
                    nextHeldAt = heldAt[i];
                } else {
                    clock.stats(clock.windowAt(nextHeldAt)).gaps++;
                }
            }
        }
    }
}
