package io.chatengine.gateway.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class RoomSubscriptionsTest {
    private final RoomSubscriptions<String> subscriptions = new RoomSubscriptions<>();

    @Test
    void aRoomsSubscribersAreTheSocketsThatSubscribedIt() {
        subscriptions.subscribe("s1", "team-a", 16L);
        subscriptions.subscribe("s2", "team-a", null);
        subscriptions.subscribe("s2", "ops", null);
        assertEquals(List.of("s1", "s2"), sockets("team-a"));
        assertEquals(List.of("s2"), sockets("ops"));
        assertEquals(List.of(), sockets("other"));
        assertEquals(List.of("team-a", "ops"), subscriptions.rooms("s2"));
        assertEquals(2, subscriptions.roomCount());
    }

    @Test
    void aNewSubscriptionAsksFromWhatTheClientHolds() {
        RoomSubscriptions.Subscribed subscribed = subscriptions.subscribe("s1", "team-a", 16L);
        assertEquals(16L, subscribed.since());
        assertFalse(subscribed.again());
        assertEquals(16L, subscribed.gate().held());
        assertNull(subscriptions.subscribe("s1", "ops", null).since());
    }

    @Test
    void subscribingAgainKeepsTheGateAndAsksFromWhatTheSocketHolds() {
        RoomGate gate = subscriptions.subscribe("s1", "team-a", 16L).gate();
        gate.admit(17L, RoomGate.Kind.PAGE);
        gate.paged(false, 17L);
        RoomSubscriptions.Subscribed again = subscriptions.subscribe("s1", "team-a", 3L);
        assertSame(gate, again.gate());
        assertTrue(again.again());
        assertEquals(17L, again.since(), "not what the client asked: nothing is sent twice");
        assertEquals(List.of("s1"), sockets("team-a"));
    }

    @Test
    void theLastSocketToLeaveARoomIsTold() {
        subscriptions.subscribe("s1", "team-a", null);
        subscriptions.subscribe("s2", "team-a", null);
        assertEquals(RoomSubscriptions.Left.LEFT, subscriptions.unsubscribe("s1", "team-a"));
        assertEquals(RoomSubscriptions.Left.NOT_SUBSCRIBED, subscriptions.unsubscribe("s1", "team-a"));
        assertEquals(RoomSubscriptions.Left.LAST, subscriptions.unsubscribe("s2", "team-a"));
        assertEquals(List.of(), sockets("team-a"));
        assertEquals(0, subscriptions.roomCount());
        assertNull(subscriptions.gate("s2", "team-a"));
    }

    @Test
    void anUnsubscribeForAnEarlierGateLeavesANewerSubscriptionAlone() {
        RoomGate first = subscriptions.subscribe("s1", "team-a", null).gate();
        subscriptions.unsubscribe("s1", "team-a");
        RoomGate second = subscriptions.subscribe("s1", "team-a", 4L).gate();
        assertEquals(RoomSubscriptions.Left.NOT_SUBSCRIBED, subscriptions.unsubscribe("s1", "team-a", first));
        assertSame(second, subscriptions.gate("s1", "team-a"));
        assertEquals(RoomSubscriptions.Left.LAST, subscriptions.unsubscribe("s1", "team-a", second));
    }

    @Test
    void aClosedSocketLeavesEveryRoomAndNamesThoseItWasTheLastOf() {
        subscriptions.subscribe("s1", "team-a", null);
        subscriptions.subscribe("s1", "ops", null);
        subscriptions.subscribe("s1", "lobby", null);
        subscriptions.subscribe("s2", "ops", null);
        assertEquals(List.of("team-a", "lobby"), subscriptions.closed("s1"));
        assertEquals(List.of("s2"), sockets("ops"));
        assertEquals(List.of(), subscriptions.rooms("s1"));
        assertEquals(List.of(), subscriptions.closed("s1"), "closed twice: nothing left");
    }

    @Test
    void aSocketSubscribesToAtMostAThousandRooms() {
        List<String> rooms = new ArrayList<>();
        for (int i = 0; i < RoomSubscriptions.MAX_ROOMS_PER_SOCKET; i++) {
            rooms.add("room" + i);
        }
        assertTrue(subscriptions.fits("s1", rooms));
        rooms.forEach(room -> assertNotNull(subscriptions.subscribe("s1", room, null)));
        assertNull(subscriptions.subscribe("s1", "one-more", null));
        assertFalse(subscriptions.fits("s1", List.of("room0", "one-more")));
        assertTrue(subscriptions.fits("s1", List.of("room0", "room999")), "rooms it has take no more room");
        assertNotNull(subscriptions.subscribe("s1", "room0", 3L), "subscribing again is fine");
        assertTrue(subscriptions.fits("s2", List.of("one-more")), "the limit is per socket");
        subscriptions.unsubscribe("s1", "room0");
        assertNotNull(subscriptions.subscribe("s1", "one-more", null));
    }

    @Test
    void allListsEverySocketInEveryRoom() {
        subscriptions.subscribe("s1", "team-a", null);
        subscriptions.subscribe("s2", "team-a", null);
        subscriptions.subscribe("s2", "ops", null);
        assertEquals(Set.of("s1 team-a", "s2 team-a", "s2 ops"), subscriptions.all().stream()
                .map(s -> s.socket() + " " + s.room()).collect(Collectors.toSet()));
    }

    private List<String> sockets(String room) {
        return subscriptions.subscribers(room).stream().map(RoomSubscriptions.Subscriber::socket).toList();
    }
}
