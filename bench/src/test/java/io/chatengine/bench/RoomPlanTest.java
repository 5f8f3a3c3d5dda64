package io.chatengine.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.HashSet;
import java.util.IntSummaryStatistics;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RoomPlanTest {
    @Test
    void theDefaultsGiveEachOf500UsersFourRooms() {
        assertEquals(500, RoomPlan.usersFor(100, 20, 4));
        RoomPlan plan = RoomPlan.deal(Users.names(500), 100, 20, RoomPlan.SEED);
        assertEquals(100, plan.rooms().size());
        IntSummaryStatistics rooms = roomsPerUser(plan).values().stream().mapToInt(Integer::intValue)
                .summaryStatistics();
        assertEquals(500, rooms.getCount());
        assertEquals(4, rooms.getMin());
        assertEquals(4, rooms.getMax());
    }

    @Test
    void everyRoomHasDistinctMembersAndUsersAreInAsManyRoomsGiveOrTakeOne() {
        RoomPlan plan = RoomPlan.deal(Users.names(37), 50, 9, 7);
        for (RoomPlan.Room room : plan.rooms()) {
            assertEquals(9, room.members().size());
            assertEquals(9, new HashSet<>(room.members()).size(), "distinct members in " + room);
        }
        IntSummaryStatistics rooms = roomsPerUser(plan).values().stream().mapToInt(Integer::intValue)
                .summaryStatistics();
        assertEquals(37, rooms.getCount());
        assertTrue(rooms.getMax() - rooms.getMin() <= 1, rooms.toString());
        assertEquals(50 * 9, rooms.getSum());
    }

    @Test
    void oneRoomOfAThousandHasEveryUser() {
        int users = RoomPlan.usersFor(1, 1000, 4);
        assertEquals(1000, users);
        RoomPlan plan = RoomPlan.deal(Users.names(users), 1, 1000, RoomPlan.SEED);
        assertEquals(new HashSet<>(Users.names(1000)), new HashSet<>(plan.rooms().get(0).members()));
        assertEquals(999, plan.rooms().get(0).others().size());
        assertEquals(plan.rooms().get(0).members().get(0), plan.rooms().get(0).owner());
    }

    @Test
    void theSameParametersGiveTheSameRooms() {
        assertEquals(RoomPlan.deal(Users.names(500), 100, 20, RoomPlan.SEED),
                RoomPlan.deal(Users.names(500), 100, 20, RoomPlan.SEED));
        assertNotEquals(RoomPlan.deal(Users.names(500), 100, 20, RoomPlan.SEED),
                RoomPlan.deal(Users.names(500), 100, 20, RoomPlan.SEED + 1));
    }

    @Test
    void roomsAreNotAllTheSameFewGroups() {
        // 500 users in windows of 20 would repeat every 25 rooms; a fresh shuffle each round does not
        RoomPlan plan = RoomPlan.deal(Users.names(500), 100, 20, RoomPlan.SEED);
        assertEquals(100, new HashSet<>(plan.rooms().stream().map(r -> new HashSet<>(r.members())).toList()).size());
    }

    @Test
    void aUserIsInEveryRoomAtMost() {
        assertEquals(20, RoomPlan.usersFor(2, 20, 4));
        assertEquals(30, RoomPlan.usersFor(3, 20, 2));
    }

    @Test
    void moreMembersThanUsersIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> RoomPlan.deal(Users.names(5), 1, 6, 1));
    }

    @Test
    void gatewaysPerRoomCountsTheGatewaysHoldingItsMembers() {
        RoomPlan plan = RoomPlan.deal(List.of("u0", "u1", "u2", "u3"), 2, 2, 1);
        // one socket a user, user i on gateway i % 2: a room has 1 or 2 gateways
        double mean = plan.gatewaysPerRoom(2, 1);
        assertTrue(mean >= 1 && mean <= 2);
        assertEquals(2.0, plan.gatewaysPerRoom(2, 2));
        assertEquals(1.0, plan.gatewaysPerRoom(1, 1));
    }

    private static Map<String, Integer> roomsPerUser(RoomPlan plan) {
        Map<String, Integer> count = new HashMap<>();
        plan.rooms().forEach(room -> room.members().forEach(user -> count.merge(user, 1, Integer::sum)));
        return count;
    }
}
