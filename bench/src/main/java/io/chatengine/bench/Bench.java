package io.chatengine.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chatengine.testsupport.fuzz.Fuzzer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The benchmark: {@code chat}, {@code cost}, {@code sweep}, {@code rooms}, {@code held-rooms}, {@code connections},
 * {@code floor}, {@code chaos}, {@code restore} and {@code fuzz} against the engine that {@code scripts/chat-engine up} started (its run folder
 * names the endpoints). Each prints one JSON line and, unless {@code --no-record}, appends a row to docs/benchmarks.md.
 */
public final class Bench {
    private static final String USAGE = """
            usage: scripts/bench chat [--users 10000] [--rate 2000] [--duration 60] [--warmup 10]
                   scripts/bench cost [--users 2000] [--rate 1000] [--duration 30] [--warmup 5]
                   scripts/bench sweep [--users 2000] [--from 1000] [--factor 1.25] [--max 40000] [--duration 20] [--warmup 5]
                                       [--p99-limit-ms 250]
                   scripts/bench rooms [--rooms 100] [--members 20] [--rate 200] [--duration 30] [--warmup 5]
                                       [--rooms-per-user 4] [--gateways-all]
                                       (room messages, each from a random member of a random room, to every member
                                       socket; --gateways-all: each user holds a socket on every gateway)
                   scripts/bench held-rooms [--rooms 100] [--members 20] [--from 200] [--factor 1.25] [--max 40000]
                                       [--duration 20] [--warmup 5] [--p99-limit-ms 100] [--rooms-per-user 4]
                                       [--gateways-all]
                                       (the highest room message rate with p99 <= the limit and nothing lost)
                   scripts/bench connections [--connections 100000] [--user-pool 2000] [--hold 10]
                   scripts/bench floor [--rate 1000] [--duration 20]
                   scripts/bench warmup [--users 200] [--rate 1000] [--duration 20]   (never recorded; run by chat-engine up)
                   scripts/bench chaos [--users 2000] [--rate 500] [--duration 180] [--faults %s]
                                       [--first 20] [--every 20] [--restart-after 5] [--frozen-for 20] [--drain 30]
                                       [--rooms-per-user 3] [--room-members 20] [--room-share 0.5] [--no-rooms]
                                       (the default faults want %s;
                                       the traffic goes on until 10 s after the last restarted instance is ready;
                                       --room-share of the sends go to the sender's rooms)
                   scripts/bench restore [--entries 1000000] [--owners 10000] [--instance presence-1]
                                       (a presence-stream instance that lost its disk: its inbox changelog gets the
                                       entries, its state folder is deleted, and it is timed until ready again)
                   scripts/bench fuzz [--frames 200000] [--sockets 32] [--requests 20000] [--parallel 8] [--seed N]
                                       [--max-seconds 900]
                                       (mutated frames and HTTP requests; fails on a 5xx, an undocumented answer,
                                       a dead process or a user or inbox changed)
            every scenario: [--run-dir .run] [--no-record] [--note TEXT]""".formatted(Faults.DEFAULT, Faults.ENGINE);

    /** The defaults of a steady-rate scenario. */
    private record Steady(int users, double rate, int durationS, int warmupS) {
    }

    private static final Steady CHAT = new Steady(10_000, 2_000, 60, 10);
    /** 1,000 msg/s: an engine on this machine keeps up with it, nothing left queued when the window ends. */
    private static final Steady COST = new Steady(2_000, 1_000, 30, 5);
    /**
     * Traffic that makes the JIT compile the message path before users come: measured here, the first 40 s
     * after a start spend half the machine in compiler threads, and a run then has 10x the p99 of a warm one.
     */
    private static final Steady WARMUP = new Steady(200, 1_000, 20, 0);

    /** How long the chaos traffic goes on after the last fault's instance is ready again, at least. */
    private static final Duration CHAOS_TAIL = Duration.ofSeconds(10);
    /** How far the chaos traffic may outlast --duration while the faults (each waiting for readiness) go on. */
    private static final Duration CHAOS_OVERRUN = Duration.ofSeconds(900);

    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0 || args[0].startsWith("-")) {
            System.err.println(USAGE);
            System.exit(2);
        }
        Map<String, String> options = options(args);
        Target target = Target.load(Path.of(options.getOrDefault("run-dir", ".run")));
        ObjectNode result;
        try {
            result = run(args[0], target, options);
        } catch (IllegalArgumentException e) {
            System.err.println("bench: " + e.getMessage());
            System.exit(2);
            return;
        } catch (EngineRefused e) {
            System.err.println("bench: " + e.getMessage());
            System.exit(1);
            return;
        }
        result.put("scenario", args[0]);
        System.out.println(Target.JSON.writeValueAsString(result));
        if (!options.containsKey("no-record")) {
            Record.append(result, options.get("note"));
        }
        System.exit(result.path("failed").asBoolean() ? 1 : 0);
    }

    private static ObjectNode run(String scenario, Target target, Map<String, String> options) throws Exception {
        return switch (scenario) {
            case "chat" -> steady(target, options, CHAT, WindowMeter.generator());
            case "cost" -> steady(target, options, COST, WindowMeter.generatorAndEngine(target));
            case "warmup" -> {
                options.put("no-record", "");
                yield steady(target, options, WARMUP, WindowMeter.generator());
            }
            case "sweep" -> sweep(target, options);
            case "rooms" -> rooms(target, options);
            case "held-rooms" -> heldRooms(target, options);
            case "connections" -> connections(target, options);
            case "floor" -> floor(target, options);
            case "chaos" -> chaos(target, options);
            case "fuzz" -> Fuzz.run(target, integer(options, "frames", 200_000), integer(options, "sockets", 32),
                    integer(options, "requests", 20_000), integer(options, "parallel", 8),
                    Duration.ofSeconds(integer(options, "max-seconds", 900)), Fuzzer.seed(options.get("seed")));
            case "restore" -> Restore.run(target, options.getOrDefault("instance", "presence-1"),
                    integer(options, "entries", 1_000_000), integer(options, "owners", 10_000));
            case "hold" -> {
                Connections.hold(target, integer(options, "first", 0), integer(options, "count", 1),
                        integer(options, "users", 1));
                yield null;
            }
            default -> throw new IllegalArgumentException("no scenario " + scenario + "\n" + USAGE);
        };
    }

    /**
     * Faults under load: users chat as real clients do (reconnecting, resuming, resending; in rooms too,
     * subscribing again from the room seqs they hold) while instances are killed and started again one at a time;
     * reports per fault and in total what was lost, doubled, out of sequence, how long deliveries paused and how
     * long each fault took to recover from. Fails (exit code 1) when anything accepted was lost, duplicated or left
     * a gap, direct or in a room.
     */
    private static ObjectNode chaos(Target target, Map<String, String> options) throws Exception {
        int users = integer(options, "users", 2_000);
        double rate = number(options, "rate", 500);
        boolean withRooms = !options.containsKey("no-rooms");
        int roomsPerUser = integer(options, "rooms-per-user", 3);
        int roomMembers = integer(options, "room-members", 20);
        double roomShare = number(options, "room-share", 0.5);
        if (withRooms && (roomShare < 0 || roomShare > 1)) {
            throw new IllegalArgumentException("--room-share is the fraction of the sends that go to rooms, from 0 "
                    + "to 1, not " + roomShare);
        }
        if (withRooms && roomMembers > users) {
            throw new IllegalArgumentException("--room-members " + roomMembers + " needs at least as many --users, not "
                    + users + " (or --no-rooms)");
        }
        Duration duration = Duration.ofSeconds(integer(options, "duration", 180));
        List<Faults.Fault> schedule = Faults.parse(options.getOrDefault("faults", Faults.DEFAULT), target,
                Duration.ofSeconds(integer(options, "restart-after", 5)),
                Duration.ofSeconds(integer(options, "frozen-for", 20)));
        Duration first = Duration.ofSeconds(integer(options, "first", 20));
        Duration every = Duration.ofSeconds(integer(options, "every", 20));
        Faults faults = new Faults(target, schedule);
        ObjectNode result = Target.JSON.createObjectNode();
        result.put("users", users).put("gateways", target.gateways().size())
                .put("brokers", target.kafka().split(",").length).put("rate", rate)
                .put("durationS", duration.toSeconds());
        int capacity = (int) Math.ceil(rate * (duration.toSeconds() + CHAOS_OVERRUN.toSeconds())) + 16;
        List<String> names = Users.ensure(target, users);
        ChaosLoad.RoomSide roomSide = null;
        if (withRooms) {
            // enough rooms of --room-members for each user to be in --rooms-per-user of them
            int rooms = (int) Math.ceil((double) users * roomsPerUser / roomMembers);
            RoomPlan plan = RoomPlan.deal(names, rooms, roomMembers, RoomPlan.SEED);
            Rooms.Made made = withoutRoomsHint(() -> Rooms.ensure(target, plan));
            roomSide = new ChaosLoad.RoomSide(plan, made.names(), roomShare);
            result.put("rooms", rooms).put("members", roomMembers).put("roomsPerUser", roomsPerUser)
                    .put("roomShare", roomShare).put("roomsCreated", made.created())
                    .put("roomsReused", made.reused()).put("roomsRenamed", made.renamed());
        }
        try (ChaosLoad load = new ChaosLoad(target, names, capacity, faults.clock(), roomSide)) {
            withoutRoomsHint(() -> {
                load.connect(Duration.ofSeconds(180));
                return null;
            });
            long start = System.nanoTime();
            faults.clock().originNs = start;
            AtomicLong faultsDone = new AtomicLong();
            Thread faulting = new Thread(() -> {
                try {
                    faults.run(start, first, every, load);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    faultsDone.set(System.nanoTime());
                }
            }, "faults");
            faulting.start();
            // the traffic outlasts the schedule, so the last fault is measured under load too
            double trafficS = load.run(rate, start, () -> faultsDone.get() == 0 ? Long.MAX_VALUE
                    : Math.max(start + duration.toNanos(), faultsDone.get() + CHAOS_TAIL.toNanos()));
            faulting.join();
            result.put("trafficS", round(trafficS));
            System.err.printf("chaos: traffic ended after %.1f s; waiting for what is outstanding%n", trafficS);
            long drainStart = System.nanoTime();
            boolean drained = load.drain(Duration.ofSeconds(integer(options, "drain", 30)));
            ChaosLoad.Report report = load.report();
            result.put("generated", report.generated()).put("accepted", report.accepted())
                    .put("delivered", report.delivered()).put("neverAccepted", report.unsent())
                    .put("refused", report.refused()).put("drained", drained)
                    .put("drainS", round((System.nanoTime() - drainStart) / 1e9));
            ChaosLoad.RoomReport rooms = report.rooms();
            if (rooms != null) {
                result.put("roomGenerated", rooms.totals().generated()).put("roomAccepted", rooms.totals().accepted())
                        .put("roomDeliveries", rooms.totals().deliveries())
                        .put("roomNeverAccepted", rooms.totals().unsent()).put("roomRefused", rooms.totals().refused());
            }
            putFaults(result, faults.clock(), rooms != null);
            result.set("errors", Target.JSON.valueToTree(report.errors()));
            if (rooms != null) {
                result.set("roomErrors", Target.JSON.valueToTree(rooms.errors()));
            }
            if (report.waitingUsers() > 0) {
                result.put("usersWaitingAtEnd", report.waitingUsers());
                result.set("lostSample", Target.JSON.valueToTree(report.lostSample()));
            }
            if (rooms != null && !rooms.lostSample().isEmpty()) {
                result.set("roomLostSample", Target.JSON.valueToTree(rooms.lostSample()));
            }
        }
        return result;
    }

    private interface Setup<T> {
        T run() throws InterruptedException;
    }

    /** A chaos run's room setup that the engine refuses says how to run without rooms. */
    private static <T> T withoutRoomsHint(Setup<T> setup) throws InterruptedException {
        try {
            return setup.run();
        } catch (EngineRefused e) {
            throw new EngineRefused(e.getMessage() + "; scripts/bench chaos --no-rooms runs direct messages only");
        }
    }

    /**
     * Totals over every window, then one entry per window: before the first fault, then each fault; with
     * {@code rooms}, the room figures beside the direct ones.
     */
    private static void putFaults(ObjectNode out, Faults.Clock clock, boolean rooms) {
        List<Faults.Stats> windows = clock.all();
        long lost = 0;
        long duplicated = 0;
        long gaps = 0;
        long roomLost = 0;
        long roomDuplicated = 0;
        long roomGaps = 0;
        long repeats = 0;
        long reconnects = 0;
        long maxPause = 0;
        List<ObjectNode> entries = new ArrayList<>();
        for (Faults.Stats w : windows) {
            lost += w.lost;
            duplicated += w.duplicated;
            gaps += w.gaps;
            repeats += w.repeats;
            reconnects += w.reconnects;
            roomLost += w.roomLost;
            roomDuplicated += w.roomDuplicated;
            roomGaps += w.roomGaps;
            maxPause = Math.max(maxPause, w.maxPauseNs);
            ObjectNode entry = Target.JSON.createObjectNode().put("fault", w.name);
            if (!w.name.equals("before")) {
                entry.put("ran", w.ran).put("atS", w.ran ? clock.seconds(w.startNs) : -1)
                        .put("at", w.ran ? Instant.ofEpochMilli(w.killedAtMillis).toString() : "");
            }
            entry.put("lost", w.lost).put("duplicated", w.duplicated).put("seqGaps", w.gaps)
                    .put("seqRepeats", w.repeats);
            if (rooms) {
                entry.put("roomLost", w.roomLost).put("roomDuplicated", w.roomDuplicated).put("roomGaps", w.roomGaps);
            }
            entry.put("reconnects", w.reconnects)
                    .put("maxPauseMs", round(w.maxPauseNs / 1e6)).put("pausesOver5s", w.longPauses);
            if (w.maxPauseUser != null) {
                entry.put("maxPause", "%s on %s from %.1f s to %.1f s".formatted(w.maxPauseUser,
                        w.maxPauseGateway, clock.seconds(w.maxPauseFromNs), clock.seconds(w.maxPauseToNs)));
            }
            if (!w.name.equals("before")) {
                entry.put("recoveryMs", w.recoveryNs < 0 ? -1 : round(w.recoveryNs / 1e6))
                        .put("killS", round(w.killSeconds)).put("readyS", round(w.readySeconds))
                        .put("settledS", round(w.settledSeconds)).put("presenceWrongAt10s", w.presenceWrong);
                if (w.problem != null) {
                    entry.put("problem", w.problem);
                }
            }
            entries.add(entry);
        }
        out.put("lost", lost).put("duplicated", duplicated).put("seqGaps", gaps).put("seqRepeats", repeats);
        if (rooms) {
            out.put("roomLost", roomLost).put("roomDuplicated", roomDuplicated).put("roomGaps", roomGaps);
        }
        out.put("reconnects", reconnects).put("maxPauseMs", round(maxPause / 1e6))
                .put("failed", lost + duplicated + gaps + roomLost + roomDuplicated + roomGaps > 0);
        out.set("faults", Target.JSON.valueToTree(entries));
    }

    /**
     * One window at a steady rate: {@code chat} for latency, {@code cost} for the CPU each process spends per
     * message and the Kafka requests it makes (it reads the engine's processes too, so it wants a rate the engine
     * keeps up with: a backlog left at the end of the window is work its messages caused but the window did not see).
     */
    private static ObjectNode steady(Target target, Map<String, String> options, Steady defaults, WindowMeter meter)
            throws Exception {
        int users = integer(options, "users", defaults.users());
        double rate = number(options, "rate", defaults.rate());
        Duration duration = Duration.ofSeconds(integer(options, "duration", defaults.durationS()));
        Duration warmup = Duration.ofSeconds(integer(options, "warmup", defaults.warmupS()));
        try (ChatLoad load = new ChatLoad(target, Users.ensure(target, users), meter)) {
            ChatLoad.Window window = load.run(rate, warmup, duration);
            ObjectNode result = parameters(target, users, duration, warmup);
            result.put("rate", rate);
            putWindow(result, window, load);
            return result;
        }
    }

    private static ObjectNode sweep(Target target, Map<String, String> options) throws Exception {
        int users = integer(options, "users", 2_000);
        double limit = number(options, "p99-limit-ms", 250);
        Duration duration = Duration.ofSeconds(integer(options, "duration", 20));
        Duration warmup = Duration.ofSeconds(integer(options, "warmup", 5));
        ObjectNode result = parameters(target, users, duration, warmup);
        result.put("p99LimitMs", limit);
        try (ChatLoad load = new ChatLoad(target, Users.ensure(target, users), WindowMeter.generator())) {
            rising(result, "sweep", options, 1_000, (rate, step) -> {
                putWindow(step, load.run(rate, warmup, duration), load);
                return step.path("lost").asLong() == 0 && step.path("duplicated").asLong() == 0
                        && step.path("p99Ms").asDouble() <= limit && step.path("achievedRate").asDouble() >= rate * 0.95;
            });
        }
        return result;
    }

    /** One window of a rising-rate scenario: runs it at {@code rate}, puts its figures in {@code step}. */
    @FunctionalInterface
    private interface RateStep {
        /** Whether the rate held. */
        boolean run(double rate, ObjectNode step) throws Exception;
    }

    /**
     * Runs windows at rates rising by {@code --factor} (1.25) from {@code --from} to {@code --max} (40,000) until
     * one does not hold; puts the last rate that held ({@code heldRate}) and every window ({@code steps}) in
     * {@code result}.
     */
    private static void rising(ObjectNode result, String name, Map<String, String> options, double from,
                               RateStep window) throws Exception {
        double factor = number(options, "factor", 1.25);
        double max = number(options, "max", 40_000);
        double held = 0;
        List<ObjectNode> steps = new ArrayList<>();
        for (double rate = number(options, "from", from); rate <= max; rate = Math.round(rate * factor)) {
            ObjectNode step = Target.JSON.createObjectNode().put("rate", rate);
            boolean ok = window.run(rate, step);
            steps.add(step);
            System.err.println(name + " step " + step);
            if (!ok) {
                break;
            }
            held = rate;
        }
        result.put("heldRate", held);
        result.set("steps", Target.JSON.valueToTree(steps));
    }

    /** The rooms of a room scenario, made (or found) and dealt to their members. */
    private record RoomSetup(RoomPlan plan, Rooms.Made made, int socketsPerUser, ObjectNode parameters) {
    }

    private static RoomSetup roomSetup(Target target, Map<String, String> options, Duration duration,
                                       Duration warmup) throws InterruptedException {
        int rooms = integer(options, "rooms", 100);
        int members = integer(options, "members", 20);
        int roomsPerUser = integer(options, "rooms-per-user", 4);
        int users = integer(options, "users", RoomPlan.usersFor(rooms, members, roomsPerUser));
        int socketsPerUser = options.containsKey("gateways-all") ? target.gateways().size() : 1;
        RoomPlan plan = RoomPlan.deal(Users.ensure(target, users), rooms, members, RoomPlan.SEED);
        Rooms.Made made = Rooms.ensure(target, plan);
        ObjectNode result = parameters(target, users, duration, warmup);
        result.put("rooms", rooms).put("members", members).put("roomsPerUser", roomsPerUser)
                .put("socketsPerUser", socketsPerUser)
                .put("gatewaysPerRoom", round(plan.gatewaysPerRoom(target.gateways().size(), socketsPerUser)))
                .put("roomsCreated", made.created()).put("roomsReused", made.reused())
                .put("roomsRenamed", made.renamed());
        return new RoomSetup(plan, made, socketsPerUser, result);
    }

    /**
     * Room messages at a steady rate to rooms whose members are all online: latency to every member socket and to
     * the last member of each message, what was lost, doubled or out of sequence, the CPU each engine process spends
     * per message and per delivery, the Kafka requests per message, and the records a message writes.
     */
    private static ObjectNode rooms(Target target, Map<String, String> options) throws Exception {
        double rate = number(options, "rate", 200);
        Duration duration = Duration.ofSeconds(integer(options, "duration", 30));
        Duration warmup = Duration.ofSeconds(integer(options, "warmup", 5));
        RoomSetup setup = roomSetup(target, options, duration, warmup);
        ObjectNode result = setup.parameters().put("rate", rate);
        try (RoomLoad load = new RoomLoad(target, setup.plan(), setup.made().names(), setup.socketsPerUser(),
                WindowMeter.generatorAndEngine(target));
             RecordCounter records = new RecordCounter(target.kafka())) {
            load.connect();
            Map<String, Long> before = endOffsets(records);
            RoomLoad.Result window = load.run(rate, warmup, duration);
            Thread.sleep(200); // a delivery is read before the log row beside it may be acknowledged
            putRoomWindow(result, window, load);
            putRecords(result, before, before == null ? null : endOffsets(records), window.allSent());
        }
        result.put("failed", result.path("lost").asLong() + result.path("duplicated").asLong()
                + result.path("seqGaps").asLong() > 0);
        return result;
    }

    /** Room message rates rising by a factor from {@code --from} until p99 is over the limit or anything is lost. */
    private static ObjectNode heldRooms(Target target, Map<String, String> options) throws Exception {
        double limit = number(options, "p99-limit-ms", 100);
        Duration duration = Duration.ofSeconds(integer(options, "duration", 20));
        Duration warmup = Duration.ofSeconds(integer(options, "warmup", 5));
        RoomSetup setup = roomSetup(target, options, duration, warmup);
        ObjectNode result = setup.parameters().put("p99LimitMs", limit);
        try (RoomLoad load = new RoomLoad(target, setup.plan(), setup.made().names(), setup.socketsPerUser(),
                WindowMeter.generator())) {
            load.connect();
            rising(result, "held-rooms", options, 200, (rate, step) -> {
                RoomLoad.Result window = load.run(rate, warmup, duration);
                putRoomWindow(step, window, load);
                return window.lost() == 0 && window.duplicated() == 0 && window.seqGaps() == 0
                        && window.deliveryMs()[2] <= limit && window.sent() / window.measureSeconds() >= rate * 0.95;
            });
        }
        return result;
    }

    private static void putRoomWindow(ObjectNode out, RoomLoad.Result window, RoomLoad load)
            throws InterruptedException {
        double[] ms = window.deliveryMs();
        double[] last = window.lastMemberMs();
        out.put("sent", window.sent()).put("accepted", window.accepted()).put("deliveries", window.deliveries())
                .put("expectedDeliveries", window.expectedDeliveries()).put("lost", window.lost())
                .put("duplicated", window.duplicated()).put("seqGaps", window.seqGaps()).put("closed", window.closed())
                .put("achievedRate", round(window.sent() / window.measureSeconds()))
                .put("deliveriesPerSecond", round(window.deliveries() / window.measureSeconds()))
                .put("p50Ms", round(ms[0])).put("p90Ms", round(ms[1])).put("p99Ms", round(ms[2]))
                .put("maxMs", round(ms[3])).put("lastMemberP50Ms", round(last[0]))
                .put("lastMemberP99Ms", round(last[2])).put("lastMemberMaxMs", round(last[3]));
        putCpu(out, window.cpuMsPerMessage());
        Map<String, Double> perDelivery = new LinkedHashMap<>(window.cpuMsPerDelivery());
        // the generator reads every delivery: a large room costs it per member, not per message
        out.put("generatorCpuUsPerDelivery", round(perDelivery.remove(CpuTime.GENERATOR) * 1000));
        if (!perDelivery.isEmpty()) {
            // microseconds: a 1,000-member room spends a thousandth of a message's CPU per delivery
            out.put("engineCpuUsPerDelivery",
                    round(perDelivery.values().stream().mapToDouble(Double::doubleValue).sum() * 1000));
            ObjectNode byProcess = out.putObject("engineCpuUsPerDeliveryByProcess");
            perDelivery.forEach((process, msEach) -> byProcess.put(process, round(msEach * 1000)));
        }
        putKafkaRequests(out, window.kafkaRequests().figures());
        out.put("connectSeconds", round(load.connectSeconds)).put("subscribeSeconds", round(load.subscribeSeconds));
        out.set("errors", Target.JSON.valueToTree(window.errors()));
    }

    private static Map<String, Long> endOffsets(RecordCounter records) throws InterruptedException {
        try {
            return records.ends();
        } catch (ExecutionException | TimeoutException e) {
            System.err.println("bench: cannot read the topics' end offsets, records per message left out: " + e);
            return null;
        }
    }

    /** Records per room message (every message of the window, warm-up included), by topic and in total. */
    private static void putRecords(ObjectNode out, Map<String, Long> before, Map<String, Long> after, long messages) {
        if (before == null || after == null) {
            out.put("recordsPerMessage", "not read");
            return;
        }
        Map<String, Double> each = RecordCounter.perMessage(before, after, messages);
        out.put("recordsPerMessage", round(each.remove("total")));
        ObjectNode byTopic = out.putObject("recordsPerMessageByTopic");
        each.forEach((topic, records) -> byTopic.put(topic, round(records)));
    }

    private static ObjectNode connections(Target target, Map<String, String> options) throws Exception {
        int total = integer(options, "connections", 100_000);
        Connections.Result held = Connections.run(target, total, integer(options, "user-pool", 2_000),
                Duration.ofSeconds(integer(options, "hold", 10)));
        ObjectNode result = Target.JSON.createObjectNode();
        result.put("gateways", held.gateways()).put("asked", held.asked()).put("held", held.held())
                .put("failed", held.failed()).put("connectSeconds", round(held.connectSeconds()))
                .put("connectsPerSecond", round(held.connectsPerSecond()))
                .put("rssGrowthBytesPerConnection", round(held.rssBytesPerConnection()))
                .put("heapGrowthBytesPerConnection", round(held.heapBytesPerConnection()))
                .put("gatewayRssMiBHeld", held.rssHeld() >> 20);
        return result;
    }

    private static ObjectNode floor(Target target, Map<String, String> options) throws Exception {
        double rate = number(options, "rate", 1_000);
        Duration duration = Duration.ofSeconds(integer(options, "duration", 20));
        double[] ms = Floor.run(target.kafka(), rate, duration).millis();
        ObjectNode result = Target.JSON.createObjectNode();
        result.put("rate", rate).put("durationS", duration.toSeconds());
        result.put("p50Ms", round(ms[0])).put("p90Ms", round(ms[1])).put("p99Ms", round(ms[2]))
                .put("maxMs", round(ms[3])).put("twoHopFloorP50Ms", round(2 * ms[0]));
        return result;
    }

    private static ObjectNode parameters(Target target, int users, Duration duration, Duration warmup) {
        ObjectNode result = Target.JSON.createObjectNode();
        result.put("users", users).put("gateways", target.gateways().size())
                .put("durationS", duration.toSeconds()).put("warmupS", warmup.toSeconds());
        return result;
    }

    private static void putWindow(ObjectNode out, ChatLoad.Window window, ChatLoad load) throws InterruptedException {
        double[] ms = window.latencies.millis();
        out.put("sent", window.measured()).put("acked", window.acked.sum())
                .put("received", window.receivedMeasured.sum()).put("lost", window.lost())
                .put("duplicated", window.duplicates.sum()).put("seqGaps", load.seqGaps())
                .put("seqRepeats", load.seqRepeats()).put("closed", load.closedUnexpectedly())
                .put("achievedRate", round(window.measured() / window.measureSeconds))
                .put("p50Ms", round(ms[0])).put("p90Ms", round(ms[1])).put("p99Ms", round(ms[2]))
                .put("maxMs", round(ms[3]));
        putCpu(out, window.cpuMillisPerMessage());
        putKafkaRequests(out, window.kafkaRequests().figures());
        double[] welcome = load.welcomes.millis();
        out.put("connectSeconds", round(load.connectSeconds)).put("welcomeP50Ms", round(welcome[0]))
                .put("welcomeP99Ms", round(welcome[2]));
        out.set("errors", Target.JSON.valueToTree(load.errors()));
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }

    /**
     * The generator's CPU per message, and where the load read the engine's processes too, their total and each
     * one's share (milliseconds per message, the same number as CPU seconds per 1,000 messages).
     */
    private static void putCpu(ObjectNode out, Map<String, Double> millisPerMessage) {
        Map<String, Double> engine = new LinkedHashMap<>(millisPerMessage);
        out.put("generatorCpuMsPerMessage", round3(engine.remove(CpuTime.GENERATOR)));
        if (engine.isEmpty()) {
            return;
        }
        out.put("engineCpuMsPerMessage", round3(engine.values().stream().mapToDouble(Double::doubleValue).sum()));
        ObjectNode byProcess = out.putObject("engineCpuMsPerMessageByProcess");
        engine.forEach((process, ms) -> byProcess.put(process, round3(ms)));
    }

    /**
     * Where the load read the engine's services: records per produce request, produce and fetch requests per message,
     * by process and over them all, and the processes left out because their /metrics could not be read.
     */
    private static void putKafkaRequests(ObjectNode out, KafkaRequests.Figures figures) {
        if (figures.none()) {
            return;
        }
        ObjectNode requests = out.putObject("kafkaRequests");
        ObjectNode byProcess = requests.putObject("byProcess");
        figures.byProcess().forEach((process, figure) -> putFigure(byProcess.putObject(process), figure));
        putFigure(requests.putObject("total"), figures.total());
        if (!figures.errors().isEmpty()) {
            requests.set("errors", Target.JSON.valueToTree(figures.errors()));
        }
    }

    /** Records per request is null where a process produced nothing. */
    private static void putFigure(ObjectNode out, KafkaRequests.Figure figure) {
        if (Double.isNaN(figure.producerRecordsPerRequest())) {
            out.putNull("producerRecordsPerRequest");
        } else {
            out.put("producerRecordsPerRequest", round3(figure.producerRecordsPerRequest()));
        }
        out.put("produceRequestsPerMessage", round3(figure.produceRequestsPerMessage()))
                .put("fetchRequestsPerMessage", round3(figure.fetchRequestsPerMessage()));
    }

    /** CPU per message is a fraction of a millisecond: two decimals would hide the targets' differences. */
    private static double round3(double value) {
        return Math.round(value * 1000) / 1000.0;
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 1; i < args.length; i++) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument " + args[i] + "\n" + USAGE);
            }
            String name = args[i].substring(2);
            boolean flag = i + 1 >= args.length || args[i + 1].startsWith("--");
            options.put(name, flag ? "" : args[++i]);
        }
        return options;
    }

    private static int integer(Map<String, String> options, String name, int fallback) {
        return options.containsKey(name) ? Integer.parseInt(options.get(name)) : fallback;
    }

    private static double number(Map<String, String> options, String name, double fallback) {
        return options.containsKey(name) ? Double.parseDouble(options.get(name)) : fallback;
    }
}
