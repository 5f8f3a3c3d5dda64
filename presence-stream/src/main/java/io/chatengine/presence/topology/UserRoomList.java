package io.chatengine.presence.topology;

import io.chatengine.schemas.avro.RoomMembership;
import io.chatengine.schemas.avro.UserRooms;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The rooms each user is a member of, in the order joined: one row per user, written only when the user's own
 * membership changes. The welcome reads it; its changelog is what others read. A closed room stays in the list:
 * its members may still read it.
 */
final class UserRoomList {
    private final KeyValueStore<String, UserRooms> store;

    UserRoomList(KeyValueStore<String, UserRooms> store) {
        this.store = store;
    }

    List<String> of(String user) {
        UserRooms row = store.get(user);
        return row == null ? List.of() : row.getRooms();
    }

    void apply(RoomMembership change) {
        List<String> rooms = new ArrayList<>(of(change.getUser()));
        boolean changed = switch (change.getChange()) {
            case "added" -> !rooms.contains(change.getRoom()) && rooms.add(change.getRoom());
            case "removed", "left" -> rooms.remove(change.getRoom());
            default -> false;
        };
        if (changed) {
            store.put(change.getUser(), new UserRooms(change.getUser(), rooms));
        }
    }
}
