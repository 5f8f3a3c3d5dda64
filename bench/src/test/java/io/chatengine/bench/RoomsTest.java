package io.chatengine.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RoomsTest {
    private static final RoomPlan.Room ROOM = new RoomPlan.Room(3, List.of("bench-000002", "bench-000009",
            "bench-000004"));

    @Test
    void theCreationNamesTheOwnerAndTheOtherMembers() throws Exception {
        JsonNode body = Rooms.body("bench-r3", ROOM);
        assertEquals("bench-r3", body.path("room").asText());
        assertEquals("bench-000002", body.path("owner").asText());
        assertEquals("shared", body.path("history").asText());
        assertEquals(Target.JSON.readTree("[\"bench-000009\",\"bench-000004\"]"), body.path("members"));
    }

    @Test
    void aRoomWithThePlansOwnerAndMembersIsTheSameRoom() throws Exception {
        assertTrue(Rooms.sameRoom(room("bench-000002", false, "bench-000004", "bench-000002", "bench-000009"),
                ROOM.owner(), ROOM.members()));
    }

    @Test
    void anotherOwnerAMemberMoreOrLessOrAClosedRoomIsNot() throws Exception {
        assertFalse(Rooms.sameRoom(room("bench-000009", false, "bench-000004", "bench-000002", "bench-000009"),
                ROOM.owner(), ROOM.members()));
        assertFalse(Rooms.sameRoom(room("bench-000002", false, "bench-000002", "bench-000009"),
                ROOM.owner(), ROOM.members()));
        assertFalse(Rooms.sameRoom(room("bench-000002", false, "bench-000004", "bench-000002", "bench-000009",
                "bench-000001"), ROOM.owner(), ROOM.members()));
        assertFalse(Rooms.sameRoom(room("bench-000002", true, "bench-000004", "bench-000002", "bench-000009"),
                ROOM.owner(), ROOM.members()));
    }

    @Test
    void aMessagesNumberIsReadFromItsRefOrTextOfItsWindowOnly() {
        assertEquals(42, RoomLoad.number("k3x9-42", "k3x9"));
        assertEquals(42, RoomLoad.number("k3x9-42-123456789", "k3x9"));
        assertEquals(-1, RoomLoad.number("k3x8-42", "k3x9"));
        assertEquals(-1, RoomLoad.number("k3x9", "k3x9"));
        assertEquals(-1, RoomLoad.number("k3x9x-1", "k3x9"));
        assertEquals(-1, RoomLoad.number("k3x9-4a", "k3x9"));
        assertEquals(-1, RoomLoad.number(null, "k3x9"));
    }

    @Test
    void recordsAreCountedUnderTheTopicsARoomMessageIsWrittenTo() {
        assertEquals("room-sends", RecordCounter.group("room-sends"));
        assertEquals("presence-stream-room-log-changelog", RecordCounter.group("presence-stream-room-log-changelog"));
        assertEquals(RecordCounter.GATEWAYS, RecordCounter.group("gateway.gw-1"));
        assertNull(RecordCounter.group("messages"));
        assertNull(RecordCounter.group("gateways"));
    }

    @Test
    void recordsPerMessageCountAGatewayTopicMadeInTheWindowFromZero() {
        Map<String, Double> each = RecordCounter.perMessage(Map.of("room-sends", 10L, RecordCounter.GATEWAYS, 40L),
                Map.of("room-sends", 110L, RecordCounter.GATEWAYS, 240L, "presence-stream-room-log-changelog", 100L),
                100);
        assertEquals(1.0, each.get("room-sends"));
        assertEquals(2.0, each.get(RecordCounter.GATEWAYS));
        assertEquals(1.0, each.get("presence-stream-room-log-changelog"));
        assertEquals(4.0, each.get("total"));
    }

    @Test
    void roomsOfAnEarlierRunAreReusedWhenTheirMembersMatchAndMadeAnewUnderThisRunsPrefixWhenNot() throws Exception {
        RoomPlan plan = RoomPlan.deal(Users.names(6), 3, 3, RoomPlan.SEED);
        try (FakeRoomCommands engine = new FakeRoomCommands(true)) {
            RoomPlan.Room first = plan.rooms().get(0);
            engine.exists("bench-r0", first.owner(), first.others().toArray(String[]::new));
            engine.exists("bench-r1", "bench-000001", "bench-000002"); // someone else's room of that name
            Rooms.Made made = Rooms.ensure(target(engine), plan);
            assertEquals(1, made.reused());
            assertEquals(1, made.created());
            assertEquals(1, made.renamed());
            assertEquals("bench-r0", made.names().get(0));
            assertTrue(made.names().get(1).matches("bench-[a-z0-9]+-r1"), made.names().get(1));
            assertEquals("bench-r2", made.names().get(2));
            assertTrue(Rooms.sameRoom(engine.rooms.get(made.names().get(1)), plan.rooms().get(1).owner(),
                    plan.rooms().get(1).members()));
        }
    }

    @Test
    void anEngineWithoutRoomsIsRefusedSayingSo() {
        RoomPlan plan = RoomPlan.deal(Users.names(6), 3, 3, RoomPlan.SEED);
        try (FakeRoomCommands engine = new FakeRoomCommands(false)) {
            EngineRefused refused = assertThrows(EngineRefused.class, () -> Rooms.ensure(target(engine), plan));
            assertTrue(refused.getMessage().contains("answered 404"), refused.getMessage());
            assertTrue(refused.getMessage().contains("does not serve rooms"), refused.getMessage());
        }
    }

    private static Target target(FakeRoomCommands engine) {
        return new Target(Path.of("."), "127.0.0.1:1", "a-secret-for-the-rooms-test-of-32-bytes-or-more",
                List.of(engine.url()), List.of(), List.of(engine.url()), List.of());
    }

    private static JsonNode room(String owner, boolean closed, String... members) throws Exception {
        StringBuilder json = new StringBuilder("{\"room\":\"bench-r3\",\"owner\":\"" + owner + "\",\"closed\":"
                + closed + ",\"members\":[");
        for (int i = 0; i < members.length; i++) {
            json.append(i == 0 ? "" : ",").append("{\"user\":\"").append(members[i]).append("\",\"role\":\"member\"}");
        }
        return Target.JSON.readTree(json.append("]}").toString());
    }
}
