package io.chatengine.query.view;

import io.chatengine.common.InboxKeys;
import io.chatengine.common.protocol.Frames;
import io.chatengine.schemas.avro.RoomEntry;
import io.chatengine.schemas.avro.RoomEntryKind;
import io.chatengine.schemas.avro.RoomMember;
import io.chatengine.schemas.avro.RoomState;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * What a caller may see of one room, as pure functions over the room's stores (state, log, reads), so that the
 * rules are tested without HTTP: who may read, from which seq, the room's latest seq and a member's summary for
 * the conversation list.
 */
public final class RoomView {
    /**
     * How many of a room's newest rows a summary looks at to count what is unread and find the caller's own latest
     * message: a room with more unread than this shows this many (a client shows "999+").
     */
    public static final int UNREAD_SCAN = 1_000;

    private RoomView() {
    }

    /**
     * The lowest seq the caller may read: 0 for an admin and for a member of a {@code shared} room, the member's
     * since in a {@code joined} room; empty for anyone else (no such room, never or no longer a member), who is
     * answered as if the room did not exist.
     */
    public static OptionalLong floor(RoomState state, String caller, boolean admin) {
        if (state == null) {
            return OptionalLong.empty();
        }
        if (admin) {
            return OptionalLong.of(0);
        }
        RoomMember member = member(state, caller);
        if (member == null) {
            return OptionalLong.empty();
        }
        return OptionalLong.of("joined".equals(state.getHistory()) ? member.getSince() : 0);
    }

    public static RoomMember member(RoomState state, String user) {
        for (RoomMember member : state.getMembers()) {
            if (member.getUser().equals(user)) {
                return member;
            }
        }
        return null;
    }

    /** The room's newest log row, or null when it has none (a room whose first members only joined). */
    public static RoomEntry newest(ReadOnlyKeyValueStore<String, RoomEntry> log, String room) {
        try (KeyValueIterator<String, RoomEntry> rows = newestFirst(log, room, Long.MAX_VALUE)) {
            return rows.hasNext() ? rows.next().value : null;
        }
    }

    /** The room's latest seq: its log's newest row, or the state's seq when that is newer (or the log empty). */
    public static long latestSeq(ReadOnlyKeyValueStore<String, RoomEntry> log, RoomState state) {
        RoomEntry newest = newest(log, state.getRoom());
        return newest == null ? state.getSeq() : Math.max(newest.getSeq(), state.getSeq());
    }

    /** A member's read position: the stored one, never above the room's latest seq. */
    public static long readOf(ReadOnlyKeyValueStore<String, Long> reads, String room, String user, long latestSeq) {
        Long read = reads.get(InboxKeys.pair(room, user));
        return read == null ? 0 : Math.min(read, latestSeq);
    }

    /** The room's frames with {@code floor <= seq < before}, newest first, at most {@code limit}. */
    public static List<RoomEntry> history(ReadOnlyKeyValueStore<String, RoomEntry> log, String room, long floor,
                                          long before, int limit) {
        List<RoomEntry> found = new ArrayList<>();
        if (before <= floor || before <= 0) {
            return found;
        }
        try (KeyValueIterator<String, RoomEntry> rows = newestFirst(log, room, before - 1)) {
            while (rows.hasNext() && found.size() < limit) {
                RoomEntry entry = rows.next().value;
                if (entry.getSeq() < floor) {
                    break;
                }
                found.add(entry);
            }
        }
        return found;
    }

    /**
     * The room as one line of {@code user}'s conversation list, or null when the user is not a member. {@code read}
     * is the stored read position, or the seq of the user's own latest message when that is later (sending moves
     * one's own read); {@code unread} counts the messages of others after it, and after the user joined (what came
     * before is history, never unread), over the newest {@link #UNREAD_SCAN} rows at most.
     */
    public static Conversation.InRoom summary(ReadOnlyKeyValueStore<String, RoomEntry> log,
                                              ReadOnlyKeyValueStore<String, Long> reads, RoomState state,
                                              String user) {
        RoomMember member = state == null ? null : member(state, user);
        if (member == null) {
            return null;
        }
        String room = state.getRoom();
        long latest = latestSeq(log, state);
        long read = readOf(reads, room, user, latest);
        long floor = Math.max(read, member.getSince());
        RoomEntry last = null;
        long unread = 0;
        try (KeyValueIterator<String, RoomEntry> rows = newestFirst(log, room, Long.MAX_VALUE)) {
            for (int scanned = 0; rows.hasNext() && scanned < UNREAD_SCAN; scanned++) {
                RoomEntry entry = rows.next().value;
                last = last == null ? entry : last;
                if (entry.getSeq() <= floor) {
                    break;
                }
                if (entry.getKind() == RoomEntryKind.MESSAGE) {
                    if (user.equals(entry.getFrom())) {
                        read = Math.max(read, entry.getSeq());
                        break;
                    }
                    unread++;
                }
            }
        }
        long activity = last == null ? state.getCreatedAt().toEpochMilli() : last.getAt().toEpochMilli();
        return new Conversation.InRoom(room, state.getTitle(), latest, last == null ? null : Frames.room(last, false),
                unread, read, activity);
    }

    private static KeyValueIterator<String, RoomEntry> newestFirst(ReadOnlyKeyValueStore<String, RoomEntry> log,
                                                                   String room, long atMost) {
        String to = atMost == Long.MAX_VALUE ? InboxKeys.afterEntries(room) : InboxKeys.entry(room, atMost);
        return log.reverseRange(InboxKeys.entry(room, 0), to);
    }
}
