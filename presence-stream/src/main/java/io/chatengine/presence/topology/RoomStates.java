package io.chatengine.presence.topology;

import io.chatengine.schemas.avro.RoomMember;
import io.chatengine.schemas.avro.RoomState;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Every room's settings and members (the room-state store, whose changelog query-api reads). A room's state is
 * read on every send, subscribe and signal and written only on membership changes, by this processor alone, so
 * the rooms used lately are kept decoded in memory.
 */
final class RoomStates {
    /** Rooms kept decoded per task: a room of many members is tens of kilobytes. */
    static final int CACHED_ROOMS = 1_000;

    private final KeyValueStore<String, RoomState> store;
    private final Map<String, RoomState> cached;

    RoomStates(KeyValueStore<String, RoomState> store) {
        this.store = store;
        this.cached = new LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, RoomState> eldest) {
                return size() > CACHED_ROOMS;
            }
        };
    }

    /** The room's state, or null for a room never created. Not to be changed in place: {@link #put} a new one. */
    RoomState get(String room) {
        RoomState state = cached.get(room);
        if (state == null) {
            state = store.get(room);
            if (state != null) {
                cached.put(room, state);
            }
        }
        return state;
    }

    void put(RoomState state) {
        store.put(state.getRoom(), state);
        cached.put(state.getRoom(), state);
    }

    /** The user's membership of the room, or null when the room does not exist or the user is not in it. */
    static RoomMember member(RoomState state, String user) {
        if (state == null || user == null) {
            return null;
        }
        for (RoomMember member : state.getMembers()) {
            if (member.getUser().equals(user)) {
                return member;
            }
        }
        return null;
    }
}
