package io.chatengine.common.protocol;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chatengine.common.ErrorCode;
import io.chatengine.common.Times;
import io.chatengine.common.http.HttpJson;
import io.chatengine.schemas.avro.InboxEntry;
import io.chatengine.schemas.avro.Presence;

/**
 * Renders every server frame of the WebSocket protocol (docs/protocol.md). The stream service renders
 * welcome and message frames, the gateway the rest; both through here, so the wire format has one home.
 */
public final class Frames {
    private Frames() {
    }

    public static String welcome(String user, String connection, String gateway, long seq) {
        ObjectNode frame = frame("welcome");
        frame.put("user", user);
        frame.put("connection", connection);
        frame.put("gateway", gateway);
        frame.put("seq", seq);
        return frame.toString();
    }

    public static String message(InboxEntry entry) {
        ObjectNode frame = frame("message");
        frame.put("id", entry.getId());
        frame.put("seq", entry.getSeq());
        frame.put("from", entry.getFrom());
        frame.put("to", entry.getTo());
        frame.put("text", entry.getText());
        frame.put("at", Times.iso(entry.getAt()));
        if (entry.getRef() != null) {
            frame.put("ref", entry.getRef());
        }
        return frame.toString();
    }

    public static String sent(String ref, String id, long at) {
        ObjectNode frame = frame("sent");
        if (ref != null) {
            frame.put("ref", ref);
        }
        frame.put("id", id);
        frame.put("at", Times.iso(at));
        return frame.toString();
    }

    public static String error(String ref, ErrorCode code, String message) {
        ObjectNode frame = frame("error");
        if (ref != null) {
            frame.put("ref", ref);
        }
        frame.put("code", code.code());
        frame.put("message", message);
        return frame.toString();
    }

    /** A watched user's presence; {@code presence} null means the user was never seen online. */
    public static String presence(String user, Presence presence) {
        ObjectNode frame = frame("presence");
        frame.put("user", user);
        frame.put("online", presence != null && presence.getOnline());
        if (presence != null && presence.getLastSeen() != null) {
            frame.put("lastSeen", Times.iso(presence.getLastSeen()));
        } else {
            frame.putNull("lastSeen");
        }
        return frame.toString();
    }

    private static ObjectNode frame(String type) {
        ObjectNode frame = HttpJson.MAPPER.createObjectNode();
        frame.put("type", type);
        return frame;
    }
}
