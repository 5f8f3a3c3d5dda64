package io.chatengine.bench;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Which bench users are in which bench room. Each room draws its members from a deck of the users shuffled with a
 * fixed seed and dealt out in turn (a new shuffle when the deck runs out), so every user is in as many rooms as the
 * others, give or take one, and the same parameters give the same rooms in every run: rooms made by an earlier run
 * are found again with the members this one expects.
 */
record RoomPlan(List<String> users, List<Room> rooms) {
    /** The seed of the deal: fixed, so that the plan of a run is the plan of the run before. */
    static final long SEED = 20_261_127L;

    /** Room {@code index}: its owner is its first member. */
    record Room(int index, List<String> members) {
        String owner() {
            return members.get(0);
        }

        /** The members the creation names besides the owner, who is a member by being the owner. */
        List<String> others() {
            return members.subList(1, members.size());
        }
    }

    /** Enough users for every room to have {@code members} and each user to be in about {@code roomsPerUser}. */
    static int usersFor(int rooms, int members, int roomsPerUser) {
        if (rooms < 1 || members < 1 || roomsPerUser < 1) {
            throw new IllegalArgumentException("rooms, members and rooms per user must be at least 1");
        }
        // a user can be in every room at most
        return (int) Math.max(members, Math.ceil((double) rooms * members / Math.min(rooms, roomsPerUser)));
    }

    static RoomPlan deal(List<String> users, int rooms, int members, long seed) {
        if (members > users.size()) {
            throw new IllegalArgumentException(members + " members a room need at least as many users, not "
                    + users.size());
        }
        Random random = new Random(seed);
        Deque<String> deck = new ArrayDeque<>();
        List<Room> out = new ArrayList<>(rooms);
        for (int r = 0; r < rooms; r++) {
            List<String> drawn = new ArrayList<>(members);
            Set<String> in = new HashSet<>();
            List<String> setAside = new ArrayList<>();
            while (drawn.size() < members) {
                if (deck.isEmpty()) {
                    List<String> shuffled = new ArrayList<>(users);
                    Collections.shuffle(shuffled, random);
                    deck.addAll(shuffled);
                }
                String user = deck.poll();
                if (in.add(user)) {
                    drawn.add(user);
                } else {
                    setAside.add(user); // dealt again from the next shuffle while still in this room
                }
            }
            for (int i = setAside.size() - 1; i >= 0; i--) {
                deck.addFirst(setAside.get(i)); // first for the next room: they are the least used
            }
            out.add(new Room(r, List.copyOf(drawn)));
        }
        return new RoomPlan(List.copyOf(users), List.copyOf(out));
    }

    /** The mean number of gateways that hold a socket of a room's members, user {@code i} on gateway {@code i % g}. */
    double gatewaysPerRoom(int gateways, int socketsPerUser) {
        if (socketsPerUser >= gateways) {
            return gateways;
        }
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < users.size(); i++) {
            index.put(users.get(i), i);
        }
        double sum = 0;
        for (Room room : rooms) {
            Set<Integer> held = new HashSet<>();
            for (String member : room.members()) {
                for (int k = 0; k < socketsPerUser; k++) {
                    held.add(RoomLoad.gatewayOf(index.get(member), k, gateways));
                }
            }
            sum += held.size();
        }
        return rooms.isEmpty() ? 0 : sum / rooms.size();
    }
}
