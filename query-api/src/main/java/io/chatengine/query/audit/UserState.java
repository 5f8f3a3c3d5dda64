package io.chatengine.query.audit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chatengine.common.Times;
import io.chatengine.common.http.HttpJson;
import io.chatengine.schemas.avro.InboxEntry;
import io.chatengine.schemas.avro.Presence;
import io.chatengine.schemas.avro.UserCreated;
import io.chatengine.schemas.avro.UserDeactivated;
import io.chatengine.schemas.avro.UserEvent;
import java.time.Instant;

/** A user's state folded from the log, one event at a time, in log order. */
final class UserState {
    private final String username;
    private boolean exists;
    private boolean active;
    private boolean online;
    private int connections;
    private Instant lastSeen;
    private long inboxLastSeq;

    UserState(String username) {
        this.username = username;
    }

    void apply(AuditLog.Event event) {
        Object value = event.value();
        if (value instanceof UserEvent user) {
            if (user.getEvent() instanceof UserCreated) {
                exists = true;
                active = true;
            } else if (user.getEvent() instanceof UserDeactivated) {
                active = false;
            }
        } else if (value instanceof Presence presence) {
            online = presence.getOnline();
            connections = presence.getConnections();
            lastSeen = presence.getLastSeen();
        } else if (value instanceof InboxEntry entry) {
            inboxLastSeq = Math.max(inboxLastSeq, entry.getSeq());
        }
    }

    ObjectNode toJson() {
        ObjectNode json = HttpJson.MAPPER.createObjectNode();
        json.put("username", username);
        json.put("exists", exists);
        json.put("active", active);
        json.put("online", online);
        json.put("connections", connections);
        if (lastSeen == null) {
            json.putNull("lastSeen");
        } else {
            json.put("lastSeen", Times.iso(lastSeen));
        }
        json.put("inboxLastSeq", inboxLastSeq);
        return json;
    }
}
