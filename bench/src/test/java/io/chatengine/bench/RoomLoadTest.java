package io.chatengine.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The load against a fake gateway: the accounting end to end, and a clear failure where rooms are not served. */
class RoomLoadTest {
    private static final String SECRET = "a-secret-for-the-room-load-test-of-32-bytes-or-more";
    private static final RoomPlan PLAN = RoomPlan.deal(Users.names(6), 3, 3, RoomPlan.SEED);
    private static final List<String> NAMES = List.of("bench-r0", "bench-r1", "bench-r2");

    @Test
    void everyMemberSocketGetsEveryMessageOnceInSeqOrder() throws Exception {
        try (FakeRoomGateway gateway = new FakeRoomGateway(FakeRoomGateway.Mode.ROOMS);
             RoomLoad load = new RoomLoad(target(gateway, 2), PLAN, NAMES, 2, WindowMeter.generator())) {
            load.connect();
            RoomLoad.Result result = load.run(100, Duration.ofMillis(200), Duration.ofSeconds(1));
            assertTrue(result.sent() >= 90, "sent " + result.sent());
            assertEquals(result.sent(), result.accepted());
            // 3 members a room, each with a socket on both gateways
            assertEquals(result.sent() * 6, result.expectedDeliveries());
            assertEquals(result.expectedDeliveries(), result.deliveries());
            assertEquals(0, result.lost());
            assertEquals(0, result.duplicated());
            assertEquals(0, result.seqGaps());
            assertTrue(result.lastMemberMs()[2] >= result.deliveryMs()[0], "the last member is the slowest");
            assertEquals(0, result.errors().size(), result.errors().toString());
        }
    }

    @Test
    void aSocketThatGetsASeqTwiceIsCountedDuplicatedNotLost() throws Exception {
        try (FakeRoomGateway gateway = new FakeRoomGateway(FakeRoomGateway.Mode.DOUBLES_EVERY_TENTH);
             RoomLoad load = new RoomLoad(target(gateway, 1), PLAN, NAMES, 1, WindowMeter.generator())) {
            load.connect();
            RoomLoad.Result result = load.run(100, Duration.ZERO, Duration.ofSeconds(1));
            assertTrue(result.duplicated() > 0);
            assertEquals(0, result.lost());
            assertEquals(0, result.seqGaps());
            assertEquals(result.expectedDeliveries(), result.deliveries());
        }
    }

    @Test
    void aGatewayWithoutRoomsFailsTheSetupAtOnceSayingWhy() {
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            try (FakeRoomGateway gateway = new FakeRoomGateway(FakeRoomGateway.Mode.NO_ROOMS);
                 RoomLoad load = new RoomLoad(target(gateway, 1), PLAN, NAMES, 1, WindowMeter.generator())) {
                EngineRefused refused = assertThrows(EngineRefused.class, load::connect);
                assertTrue(refused.getMessage().contains("subscribe with error bad_request"), refused.getMessage());
            }
        });
    }

    private static Target target(FakeRoomGateway gateway, int gateways) {
        return new Target(Path.of("."), "127.0.0.1:1", SECRET, List.of(), List.of(gateway.url(), gateway.url())
                .subList(0, gateways), List.of(), List.of());
    }
}
