package io.chatengine.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
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

    private static JsonNode room(String owner, boolean closed, String... members) throws Exception {
        StringBuilder json = new StringBuilder("{\"room\":\"bench-r3\",\"owner\":\"" + owner + "\",\"closed\":"
                + closed + ",\"members\":[");
        for (int i = 0; i < members.length; i++) {
            json.append(i == 0 ? "" : ",").append("{\"user\":\"").append(members[i]).append("\",\"role\":\"member\"}");
        }
        return Target.JSON.readTree(json.append("]}").toString());
    }
}
