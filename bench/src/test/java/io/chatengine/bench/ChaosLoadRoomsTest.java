package io.chatengine.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.ToLongFunction;
import org.junit.jupiter.api.Test;

/**
 * The chaos clients in rooms against a fake gateway: every member gets every room message once and in order across
 * sockets dropped under it; a doubled or skipped frame is counted; a gateway without rooms stops the run saying why.
 * Every send goes to a room ({@code --room-share 1}): the fake gateway has no direct messages.
 */
class ChaosLoadRoomsTest {
    private static final String SECRET = "a-secret-for-the-chaos-rooms-test-of-32-bytes-or-more";
    private static final List<String> USERS = Users.names(8);
    private static final RoomPlan PLAN = RoomPlan.deal(USERS, 4, 4, RoomPlan.SEED);
    private static final List<String> NAMES = List.of("chaos-r0", "chaos-r1", "chaos-r2", "chaos-r3");
    private static final ChaosLoad.RoomSide ALL_TO_ROOMS = new ChaosLoad.RoomSide(PLAN, NAMES, 1.0);

    private record Run(ChaosLoad.Report report, Faults.Clock clock, boolean drained) {
        long sum(ToLongFunction<Faults.Stats> figure) {
            return clock.all().stream().mapToLong(figure).sum();
        }
    }

    /** Room messages at 200/s for a second against {@code gateway}, then a drain of up to 10 s. */
    private static Run run(FakeRoomGateway gateway) throws InterruptedException {
        Faults.Clock clock = new Faults.Clock(List.of());
        try (ChaosLoad load = new ChaosLoad(target(gateway), USERS, 10_000, clock, ALL_TO_ROOMS)) {
            load.connect(Duration.ofSeconds(20));
            long start = System.nanoTime();
            clock.originNs = start;
            load.run(200, start, () -> start + Duration.ofSeconds(1).toNanos());
            boolean drained = load.drain(Duration.ofSeconds(10));
            return new Run(load.report(), clock, drained);
        }
    }

    @Test
    void everyMemberGetsEveryRoomMessageOnceInOrderAcrossSocketsDroppedMidRun() {
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            try (FakeRoomGateway gateway = new FakeRoomGateway(FakeRoomGateway.Mode.ROOMS)) {
                gateway.dropAllAfter(60);
                Run run = run(gateway);
                assertEquals(1, gateway.drops());
                assertTrue(run.drained(), "every accepted room message reached every member");
                ChaosRooms.Totals totals = run.report().rooms().totals();
                assertTrue(totals.generated() >= 150, "generated " + totals.generated());
                assertEquals(totals.generated(), totals.accepted(), "the send the drop swallowed was sent again");
                assertEquals(totals.accepted() * 4, totals.deliveries(), "4 members a room");
                assertEquals(USERS.size(), run.sum(w -> w.reconnects));
                assertEquals(0, run.sum(w -> w.roomLost));
                assertEquals(0, run.sum(w -> w.roomDuplicated));
                assertEquals(0, run.sum(w -> w.roomGaps));
                assertEquals(0, run.report().generated(), "no direct messages");
                assertEquals(0, run.report().rooms().errors().size(), run.report().rooms().errors().toString());
            }
        });
    }

    @Test
    void aMemberDroppedWhileItsRoomsMoveOnCatchesUpFromTheSeqsItHolds() {
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            try (FakeRoomGateway gateway = new FakeRoomGateway(FakeRoomGateway.Mode.ROOMS)) {
                gateway.dropSenderAfter(40);
                Run run = run(gateway);
                assertEquals(1, gateway.drops());
                assertEquals(1, run.sum(w -> w.reconnects));
                assertTrue(run.drained());
                ChaosRooms.Totals totals = run.report().rooms().totals();
                assertEquals(totals.generated(), totals.accepted());
                assertEquals(totals.accepted() * 4, totals.deliveries());
                assertEquals(0, run.sum(w -> w.roomLost));
                assertEquals(0, run.sum(w -> w.roomDuplicated));
                assertEquals(0, run.sum(w -> w.roomGaps));
            }
        });
    }

    @Test
    void aFrameAGatewayDoublesIsCountedDuplicated() {
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            try (FakeRoomGateway gateway = new FakeRoomGateway(FakeRoomGateway.Mode.DOUBLES_EVERY_TENTH)) {
                Run run = run(gateway);
                assertTrue(run.sum(w -> w.roomDuplicated) > 0);
                assertEquals(0, run.sum(w -> w.roomLost));
                assertEquals(0, run.sum(w -> w.roomGaps));
            }
        });
    }

    @Test
    void aFrameAGatewaySkipsIsCountedLostAndOutOfOrder() {
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            try (FakeRoomGateway gateway = new FakeRoomGateway(FakeRoomGateway.Mode.SKIPS_EVERY_TENTH)) {
                Run run = run(gateway);
                long lost = run.sum(w -> w.roomLost);
                assertTrue(lost > 0);
                assertTrue(run.sum(w -> w.roomGaps) > 0);
                assertEquals(0, run.sum(w -> w.roomDuplicated));
                assertTrue(!run.drained(), "a lost message keeps the drain waiting");
                assertEquals(Math.min(5, lost), run.report().rooms().lostSample().size());
            }
        });
    }

    @Test
    void aGatewayWithoutRoomsStopsTheRunAtConnectSayingWhy() {
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            try (FakeRoomGateway gateway = new FakeRoomGateway(FakeRoomGateway.Mode.NO_ROOMS);
                 ChaosLoad load = new ChaosLoad(target(gateway), USERS, 100, new Faults.Clock(List.of()),
                         ALL_TO_ROOMS)) {
                EngineRefused refused = assertThrows(EngineRefused.class, () -> load.connect(Duration.ofSeconds(20)));
                assertTrue(refused.getMessage().contains("subscribe with error bad_request"), refused.getMessage());
                assertTrue(refused.getMessage().contains("does it serve rooms"), refused.getMessage());
            }
        });
    }

    private static Target target(FakeRoomGateway gateway) {
        return new Target(Path.of("."), "127.0.0.1:1", SECRET, List.of(), List.of(gateway.url()), List.of(),
                List.of(new Target.EngineProcess("delivery-gateway", "gw-1", 0, gateway.url(), "")));
    }
}
