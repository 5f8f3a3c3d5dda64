package io.chatengine.presence.topology;

import io.chatengine.schemas.avro.RoomMember;
import io.chatengine.schemas.avro.RoomState;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Every room's settings and members (the room-state store, whose changelog query-api reads), read on every
 * send, subscribe and signal and written only on membership changes and the close, never per message.
 */
final class RoomStates {
    private final KeyValueStore<String, RoomState> store;

    RoomStates(KeyValueStore<String, RoomState> store) {
        this.store = store;
    }

    /** The room's state, or null for a room never created. */
    RoomState get(String room) {
        return store.get(room);
    }

    void put(RoomState state) {
        store.put(state.getRoom(), state);
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
