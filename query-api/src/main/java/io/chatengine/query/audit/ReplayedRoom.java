package io.chatengine.query.audit;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chatengine.common.http.HttpJson;
import io.chatengine.schemas.avro.RoomClosed;
import io.chatengine.schemas.avro.RoomCreated;
import io.chatengine.schemas.avro.RoomEntry;
import io.chatengine.schemas.avro.RoomEntryKind;
import io.chatengine.schemas.avro.RoomEvent;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A room's members and seq folded from the log, in log order: the rooms topic says what the room is and who its
 * first members are (since 0); the room's log rows give every later change its seq (an added member's since is
 * the seq of its own added frame), and the newest row the room's latest seq.
 */
final class ReplayedRoom {
    private final String room;
    private boolean exists;
    private String title;
    private String owner;
    private String history;
    private boolean closed;
    private long seq;
    private final Map<String, Long> members = new LinkedHashMap<>();

    ReplayedRoom(String room) {
        this.room = room;
    }

    void apply(AuditLog.Event event) {
        if (event.value() instanceof RoomEvent change) {
            if (change.getEvent() instanceof RoomCreated created) {
                exists = true;
                title = created.getTitle();
                owner = created.getOwner();
                history = created.getHistory();
                members.put(owner, 0L);
                created.getMembers().forEach(member -> members.putIfAbsent(member, 0L));
            } else if (change.getEvent() instanceof RoomClosed) {
                closed = true;
            }
        } else if (event.value() instanceof RoomEntry entry) {
            seq = Math.max(seq, entry.getSeq());
            if (entry.getKind() == RoomEntryKind.CLOSED) {
                closed = true;
            } else if (entry.getKind() == RoomEntryKind.MEMBER) {
                if ("added".equals(entry.getChange())) {
                    members.putIfAbsent(entry.getUser(), entry.getSeq());
                } else {
                    members.remove(entry.getUser());
                }
            }
        }
    }

    ObjectNode toJson() {
        ObjectNode json = HttpJson.MAPPER.createObjectNode();
        json.put("room", room);
        json.put("exists", exists);
        json.put("title", title);
        json.put("owner", owner);
        json.put("history", history);
        json.put("closed", closed);
        json.put("seq", seq);
        ArrayNode list = json.putArray("members");
        members.forEach((user, since) -> list.addObject().put("user", user)
                .put("role", user.equals(owner) ? "owner" : "member").put("since", since));
        return json;
    }
}
