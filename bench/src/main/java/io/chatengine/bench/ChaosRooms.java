package io.chatengine.bench;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The room messages of the chaos run and what each member client holds of its rooms ({@link RoomHold}): which
 * room each message went to, in which fault's window it was first sent, the room seq it was answered with, how many
 * members got it, and what every member is still owed (for the pauses). Counts into the {@link Faults.Clock}'s
 * windows: a duplicate or an out-of-order seq in the window it came in, a message at two seqs and a lost one in the
 * window it was first sent in. No sockets and no threads of its own: the load calls it on its one I/O thread.
 */
final class ChaosRooms {
    /** The rooms one subscribe frame may name (SPEC section 6). */
    static final int ROOMS_PER_SUBSCRIBE = 1_000;

    private final Faults.Clock clock;
    private final List<String> users;
    private final List<String> names;
    private final Map<String, Integer> roomIndex = new HashMap<>();
    /** The members of each room, by user index. */
    private final int[][] members;
    /** The rooms of each user; {@link #holds} and {@link #owed} follow the same order. */
    private final int[][] roomsOf;
    private final RoomHold[][] holds;
    /** The room messages transmitted to each member and not yet got by it, oldest first, per room of the user. */
    private final ArrayDeque<Integer>[][] owed;
    private final String refPrefix;
    // one entry per message
    private final int[] room;
    private final int[] sender;
    private final int[] window;
    private final long[] transmittedAt;
    /** The room seq of each message (from its {@code sent}, or its first delivery), -1 while unknown. */
    private final long[] seq;
    /** Members that got each message at its seq. */
    private final int[] got;
    private final boolean[] accepted;
    private final boolean[] refused;
    private final boolean[] complete;
    private int created;
    private long acceptedCount;
    private long completeCount;
    private long refusedCount;
    private long unsent;
    private long deliveries;
    private int settledUpTo;
    private int startedPairs;

    /**
     * {@code plan}'s rooms named {@code roomNames} (by plan index); a message's ref (and text) is {@code refPrefix}
     * and its number; room messages of at most {@code capacity}.
     */
    @SuppressWarnings("unchecked")
    ChaosRooms(RoomPlan plan, List<String> roomNames, String refPrefix, int capacity, Faults.Clock clock) {
        this.clock = clock;
        this.users = plan.users();
        this.names = List.copyOf(roomNames);
        this.refPrefix = refPrefix;
        Map<String, Integer> userIndex = new HashMap<>();
        for (int i = 0; i < users.size(); i++) {
            userIndex.put(users.get(i), i);
        }
        members = new int[plan.rooms().size()][];
        List<List<Integer>> rooms = new ArrayList<>();
        users.forEach(u -> rooms.add(new ArrayList<>()));
        for (RoomPlan.Room r : plan.rooms()) {
            roomIndex.put(names.get(r.index()), r.index());
            members[r.index()] = r.members().stream().mapToInt(userIndex::get).toArray();
            for (int user : members[r.index()]) {
                rooms.get(user).add(r.index());
            }
        }
        roomsOf = new int[users.size()][];
        holds = new RoomHold[users.size()][];
        owed = new ArrayDeque[users.size()][];
        for (int u = 0; u < users.size(); u++) {
            roomsOf[u] = rooms.get(u).stream().mapToInt(Integer::intValue).toArray();
            holds[u] = new RoomHold[roomsOf[u].length];
            owed[u] = new ArrayDeque[roomsOf[u].length];
            for (int k = 0; k < roomsOf[u].length; k++) {
                holds[u][k] = new RoomHold();
                owed[u][k] = new ArrayDeque<>();
            }
        }
        room = new int[capacity];
        sender = new int[capacity];
        window = new int[capacity];
        transmittedAt = new long[capacity];
        seq = new long[capacity];
        got = new int[capacity];
        accepted = new boolean[capacity];
        refused = new boolean[capacity];
        complete = new boolean[capacity];
    }

    int capacity() {
        return room.length;
    }

    /** (member, room) pairs: each must be subscribed once before the traffic starts. */
    int pairs() {
        int pairs = 0;
        for (int[] rooms : roomsOf) {
            pairs += rooms.length;
        }
        return pairs;
    }

    int roomCount(int user) {
        return roomsOf[user].length;
    }

    /** Room {@code k} of {@code user}'s rooms, by plan index. */
    int roomOf(int user, int k) {
        return roomsOf[user][k];
    }

    /** The plan index of the room named {@code name}, -1 if it is not one of the run's. */
    int room(String name) {
        Integer index = name == null ? null : roomIndex.get(name);
        return index == null ? -1 : index;
    }

    String name(int room) {
        return names.get(room);
    }

    /** Where {@code room} is in {@code user}'s rooms; -1: the user is not a member. */
    private int pair(int user, int room) {
        int[] rooms = roomsOf[user];
        for (int k = 0; k < rooms.length; k++) {
            if (rooms[k] == room) {
                return k;
            }
        }
        return -1;
    }

    RoomHold hold(int user, int room) {
        int k = pair(user, room);
        return k < 0 ? null : holds[user][k];
    }

    // ---- subscribing ----

    /**
     * A new socket of {@code user} was welcomed: the subscribe frames that ask each of its rooms from the seq the
     * client holds (null the first time), at most {@link #ROOMS_PER_SUBSCRIBE} rooms a frame.
     */
    List<String> subscribeFrames(int user) {
        List<String> frames = new ArrayList<>();
        StringBuilder frame = null;
        for (int k = 0; k < roomsOf[user].length; k++) {
            if (k % ROOMS_PER_SUBSCRIBE == 0) {
                if (frame != null) {
                    frames.add(frame.append("}}").toString());
                }
                frame = new StringBuilder("{\"type\":\"subscribe\",\"rooms\":{");
            } else {
                frame.append(',');
            }
            Long from = holds[user][k].subscribeFrom();
            frame.append('"').append(names.get(roomsOf[user][k])).append("\":").append(from);
        }
        if (frame != null) {
            frames.add(frame.append("}}").toString());
        }
        return frames;
    }

    /**
     * {@code user}'s current socket was answered {@code subscribed} for {@code room} with the room's latest seq.
     * Returns whether this was the pair's first answer: from then on the member is owed every later seq.
     */
    boolean subscribed(int user, int room, long latest) {
        RoomHold hold = hold(user, room);
        if (hold == null) {
            return false;
        }
        boolean first = !hold.started();
        hold.subscribed(latest);
        if (first) {
            startedPairs++;
        }
        return first;
    }

    int startedPairs() {
        return startedPairs;
    }

    // ---- sending ----

    /** Message {@code n} (the next one), from {@code from} to {@code room}, created in fault window {@code w}. */
    void create(int n, int from, int room, int w) {
        if (n != created) {
            throw new IllegalArgumentException("room message " + n + " created out of turn, expected " + created);
        }
        this.room[n] = room;
        sender[n] = from;
        window[n] = w;
        seq[n] = -1;
        created++;
        unsent++;
    }

    int created() {
        return created;
    }

    int sender(int n) {
        return sender[n];
    }

    /**
     * The send frame of message {@code n}, sent now (first or again, with the same ref and text). Its text is its
     * ref, so every member can tell which message a frame is.
     */
    String transmit(int n, long now) {
        if (transmittedAt[n] == 0) {
            transmittedAt[n] = now;
            for (int member : members[room[n]]) {
                owed[member][pair(member, room[n])].add(n);
            }
        }
        String ref = refPrefix + n;
        return "{\"type\":\"send\",\"room\":\"" + names.get(room[n]) + "\",\"text\":\"" + ref + "\",\"ref\":\""
                + ref + "\"}";
    }

    /** The number of a room message of this run from its ref or text, else -1. */
    int number(String refOrText) {
        if (refOrText == null || !refOrText.startsWith(refPrefix) || refOrText.length() == refPrefix.length()
                || refOrText.length() - refPrefix.length() > 9) {
            return -1;
        }
        int n = 0;
        for (int i = refPrefix.length(); i < refOrText.length(); i++) {
            char c = refOrText.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            n = n * 10 + (c - '0');
        }
        return n < created ? n : -1;
    }

    /**
     * Message {@code n} was answered {@code sent} at room seq {@code at} (-1: the answer had none). Returns whether
     * it was its first answer.
     */
    boolean accepted(int n, long at) {
        if (at >= 0) {
            atSeq(n, at);
        }
        if (accepted[n] || refused[n]) {
            return false;
        }
        accepted[n] = true;
        acceptedCount++;
        unsent--;
        settle(n);
        return true;
    }

    boolean isAccepted(int n) {
        return accepted[n];
    }

    /** Message {@code n} was refused for good (not {@code unavailable}): no member is owed it. */
    void refused(int n) {
        if (accepted[n] || refused[n]) {
            return;
        }
        refused[n] = true;
        refusedCount++;
        unsent--;
        for (int member : members[room[n]]) {
            owed[member][pair(member, room[n])].remove(n);
        }
    }

    /** Message {@code n} is at room seq {@code at}; at another seq than before: one message at two seqs. */
    private boolean atSeq(int n, long at) {
        if (seq[n] < 0) {
            seq[n] = at;
            return true;
        }
        if (seq[n] != at) {
            clock.stats(window[n]).roomDuplicated++;
            return false;
        }
        return true;
    }

    // ---- receiving ----

    /**
     * What a room frame was to its member: the verdict, and for a new delivery of a message of this run when the
     * oldest message the member was owed (this one included) was first sent; {@link Long#MAX_VALUE} otherwise.
     */
    record Got(RoomHold.Verdict verdict, long owedSince) {
        boolean delivery() {
            return owedSince != Long.MAX_VALUE;
        }
    }

    /**
     * A room frame (a message, member change or close) of {@code room} at {@code frameSeq} came to {@code user}'s
     * current socket; {@code text} is a message's text (null for other frames). Null when the user is not a member.
     */
    Got frame(int user, int room, long frameSeq, String text) {
        int k = pair(user, room);
        if (k < 0) {
            return null;
        }
        RoomHold.Verdict verdict = holds[user][k].frame(frameSeq);
        switch (verdict) {
            case DUPLICATE -> clock.stats(clock.window()).roomDuplicated++;
            case OUT_OF_ORDER, BEFORE_SUBSCRIBED -> clock.stats(clock.window()).roomGaps++;
            default -> {
            }
        }
        boolean isNew = verdict == RoomHold.Verdict.NEXT || verdict == RoomHold.Verdict.OUT_OF_ORDER;
        int n = number(text);
        if (!isNew || n < 0 || this.room[n] != room) {
            return new Got(verdict, Long.MAX_VALUE);
        }
        if (!atSeq(n, frameSeq)) {
            return new Got(verdict, Long.MAX_VALUE);
        }
        got[n]++;
        deliveries++;
        long since = owedSince(user);
        owed[user][k].remove(n);
        settle(n);
        return new Got(verdict, since);
    }

    /** When the oldest room message {@code user} is owed was first sent; {@link Long#MAX_VALUE}: none is owed. */
    long owedSince(int user) {
        long oldest = Long.MAX_VALUE;
        for (ArrayDeque<Integer> messages : owed[user]) {
            Integer n = messages.peek();
            if (n != null) {
                oldest = Math.min(oldest, transmittedAt[n]);
            }
        }
        return oldest;
    }

    /** How many members are owed message {@code n} (at its seq): those whose first subscription came before it. */
    private int owing(int n) {
        int owing = 0;
        for (int member : members[room[n]]) {
            if (holds[member][pair(member, room[n])].owes(seq[n])) {
                owing++;
            }
        }
        return owing;
    }

    private void settle(int n) {
        if (!complete[n] && accepted[n] && seq[n] >= 0 && got[n] >= owing(n)) {
            complete[n] = true;
            completeCount++;
        }
    }

    // ---- the chat's state ----

    /**
     * Whether every room message transmitted before {@code sentBefore} (nanoTime) has been accepted and got by every
     * member owed it, or refused for good.
     */
    boolean settled(long sentBefore) {
        while (settledUpTo < created && (refused[settledUpTo] || complete[settledUpTo])) {
            settledUpTo++;
        }
        return settledUpTo == created || transmittedAt[settledUpTo] > sentBefore;
    }

    /** Every accepted message got by every member owed it, and none waiting to be sent. */
    boolean drained() {
        return completeCount == acceptedCount && unsent == 0;
    }

    /** Counts each (member, accepted message) the member was owed and does not hold as lost, in its window. */
    long countLost() {
        long lost = 0;
        for (int n = 0; n < created; n++) {
            if (!accepted[n]) {
                continue;
            }
            for (int member : members[room[n]]) {
                if (isLost(n, member)) {
                    clock.stats(window[n]).roomLost++;
                    lost++;
                }
            }
        }
        return lost;
    }

    private boolean isLost(int n, int member) {
        RoomHold hold = holds[member][pair(member, room[n])];
        return seq[n] < 0 || hold.owes(seq[n]) && !hold.holds(seq[n]);
    }

    /** The first {@code max} lost (member, message) pairs, with what the member held, to look for in the engine. */
    List<String> lostSample(int max) {
        List<String> sample = new ArrayList<>();
        for (int n = 0; n < created && sample.size() < max; n++) {
            if (!accepted[n]) {
                continue;
            }
            for (int member : members[room[n]]) {
                if (sample.size() < max && isLost(n, member)) {
                    RoomHold hold = holds[member][pair(member, room[n])];
                    String told = "ref %s%d from %s in %s at seq %d, not got by %s (subscribed first at %d, "
                            + "holding up to %d), first sent at %.1f s";
                    sample.add(told.formatted(refPrefix, n, users.get(sender[n]),
                            names.get(room[n]), seq[n], users.get(member), hold.start(), hold.contiguous(),
                            clock.seconds(transmittedAt[n])));
                }
            }
        }
        return sample;
    }

    /** Totals of the room side of a run. */
    record Totals(long generated, long accepted, long deliveries, long refused, long unsent) {
    }

    Totals totals() {
        return new Totals(created, acceptedCount, deliveries, refusedCount, unsent);
    }
}
