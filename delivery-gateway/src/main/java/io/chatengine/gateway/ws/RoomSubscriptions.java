package io.chatengine.gateway.ws;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which of this gateway's sockets are subscribed to each room, with a {@link RoomGate} per socket and room. A
 * room's frames come to the gateway once, whatever its sockets, and are written to the sockets listed here; the
 * room's processor knows only that the gateway is interested, so the gateway withdraws once a room's last local
 * socket left it. Sockets are compared by identity. Every method is atomic. A room's subscribers are kept as an
 * immutable list, made anew when one subscribes or leaves (rare) and handed out as it is to every frame of the
 * room (often): a frame for a thousand sockets copies nothing.
 *
 * @param <S> a socket ({@link Connection}; anything in tests)
 */
final class RoomSubscriptions<S> {
    /** Rooms one socket may be subscribed to at once. */
    static final int MAX_ROOMS_PER_SOCKET = 1_000;

    /** One socket's subscription to one room. */
    record Subscriber<S>(S socket, String room, RoomGate gate) {
    }

    /** A subscribe that was taken: the gate, and the seq to ask the room's processor from. */
    record Subscribed(RoomGate gate, Long since, boolean again) {
    }

    private final Map<String, List<Subscriber<S>>> byRoom = new HashMap<>();
    private final Map<S, Map<String, RoomGate>> bySocket = new HashMap<>();

    /**
     * Subscribes the socket to the room from {@code since} (what the client holds). A room the socket is
     * subscribed to already keeps its gate, and is asked again from the seq the socket holds, so nothing is sent
     * twice. Null when the socket is subscribed to {@link #MAX_ROOMS_PER_SOCKET} other rooms.
     */
    synchronized Subscribed subscribe(S socket, String room, Long since) {
        Map<String, RoomGate> rooms = bySocket.get(socket);
        RoomGate gate = rooms == null ? null : rooms.get(room);
        if (gate != null) {
            return new Subscribed(gate, gate.again(), true);
        }
        if (rooms == null) {
            rooms = new LinkedHashMap<>();
            bySocket.put(socket, rooms);
        } else if (rooms.size() >= MAX_ROOMS_PER_SOCKET) {
            return null;
        }
        gate = new RoomGate(since);
        rooms.put(room, gate);
        List<Subscriber<S>> subscribers = new ArrayList<>(byRoom.getOrDefault(room, List.of()));
        subscribers.add(new Subscriber<>(socket, room, gate));
        byRoom.put(room, List.copyOf(subscribers));
        return new Subscribed(gate, since, false);
    }

    /** Whether the socket can subscribe to all of {@code rooms} (those it has, and the others within the limit). */
    synchronized boolean fits(S socket, Collection<String> rooms) {
        Map<String, RoomGate> held = bySocket.getOrDefault(socket, Map.of());
        long added = rooms.stream().filter(room -> !held.containsKey(room)).count();
        return held.size() + added <= MAX_ROOMS_PER_SOCKET;
    }

    /** What an unsubscribe did. */
    enum Left {
        /** the socket was not subscribed to the room (or with another gate) */
        NOT_SUBSCRIBED,
        /** the socket left; other sockets of this gateway are still subscribed */
        LEFT,
        /** the socket was the room's last here: the gateway withdraws its interest */
        LAST
    }

    synchronized Left unsubscribe(S socket, String room) {
        return unsubscribe(socket, room, null);
    }

    /** Unsubscribes the socket only if it is still subscribed with {@code gate} (null: with any gate). */
    synchronized Left unsubscribe(S socket, String room, RoomGate gate) {
        Map<String, RoomGate> rooms = bySocket.get(socket);
        RoomGate held = rooms == null ? null : rooms.get(room);
        if (held == null || (gate != null && held != gate)) {
            return Left.NOT_SUBSCRIBED;
        }
        rooms.remove(room);
        if (rooms.isEmpty()) {
            bySocket.remove(socket);
        }
        return removeFromRoom(socket, room) ? Left.LAST : Left.LEFT;
    }

    /** The socket closed: it leaves every room; returns the rooms it was the last socket of here. */
    synchronized List<String> closed(S socket) {
        Map<String, RoomGate> rooms = bySocket.remove(socket);
        List<String> last = new ArrayList<>();
        if (rooms != null) {
            for (String room : rooms.keySet()) {
                if (removeFromRoom(socket, room)) {
                    last.add(room);
                }
            }
        }
        return last;
    }

    private boolean removeFromRoom(S socket, String room) {
        List<Subscriber<S>> rest = byRoom.get(room).stream().filter(s -> s.socket() != socket).toList();
        if (rest.isEmpty()) {
            byRoom.remove(room);
            return true;
        }
        byRoom.put(room, rest);
        return false;
    }

    /** The room's sockets here, in the order they subscribed. */
    synchronized List<Subscriber<S>> subscribers(String room) {
        return byRoom.getOrDefault(room, List.of());
    }

    /** The socket's gate for the room, or null when it is not subscribed. */
    synchronized RoomGate gate(S socket, String room) {
        Map<String, RoomGate> rooms = bySocket.get(socket);
        return rooms == null ? null : rooms.get(room);
    }

    /** The rooms the socket is subscribed to. */
    synchronized List<String> rooms(S socket) {
        return List.copyOf(bySocket.getOrDefault(socket, Map.of()).keySet());
    }

    /** Every socket's subscription to every room. */
    synchronized List<Subscriber<S>> all() {
        List<Subscriber<S>> all = new ArrayList<>();
        bySocket.forEach((socket, rooms) -> rooms.forEach((room, gate) -> all.add(new Subscriber<>(socket, room, gate))));
        return all;
    }

    /** How many rooms have a subscribed socket here. */
    synchronized int roomCount() {
        return byRoom.size();
    }
}
