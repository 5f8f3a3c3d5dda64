package io.chatengine.common.protocol;

import io.chatengine.common.ErrorCode;
import io.chatengine.common.Times;
import io.chatengine.common.http.HttpJson;
import io.chatengine.schemas.avro.InboxEntry;
import io.chatengine.schemas.avro.Presence;
import io.chatengine.schemas.avro.RoomEntry;
import java.util.Collection;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Renders every server frame of the WebSocket protocol (docs/protocol.md). The stream service renders
 * welcome and message frames, the gateway the rest; both through here, so the wire format has one home, and the
 * fields a frame shares with an HTTP body ({@link Bodies}) are written by one {@link Fields} writer for both.
 * Frames are written field by field with a streaming generator: they are on the path of every message.
 */
public final class Frames {
    private Frames() {
    }

    /** The first frame of a connection: who, where, the inbox's latest seq and the rooms the user is in. */
    public static String welcome(String user, String connection, String gateway, long seq, Collection<String> rooms) {
        return frame("welcome", json -> {
            json.writeStringField("user", user);
            json.writeStringField("connection", connection);
            json.writeStringField("gateway", gateway);
            json.writeNumberField("seq", seq);
            json.writeArrayFieldStart("rooms");
            for (String room : rooms) {
                json.writeString(room);
            }
            json.writeEndArray();
        });
    }

    /** The latest seq a welcome frame announces. */
    public static long welcomeSeq(String welcome) {
        try {
            return HttpJson.MAPPER.readTree(welcome).path("seq").asLong();
        } catch (IOException e) {
            throw new UncheckedIOException("not a welcome frame", e);
        }
    }

    /** An inbox entry: a direct message, or a {@code room} frame for a change of the owner's own membership. */
    public static String message(InboxEntry entry) {
        return Fields.object(json -> Fields.inboxFrame(json, entry));
    }

    /** A frame of a room's log (message, member, closed); a message's ref only for the sender's sockets. */
    public static String room(RoomEntry entry, boolean withRef) {
        return Fields.object(json -> Fields.roomFrame(json, entry, withRef));
    }

    /** After a subscribe's catch-up: live frames of the room follow; {@code seq} is the room's latest. */
    public static String subscribed(String room, long seq) {
        return frame("subscribed", json -> {
            json.writeStringField("room", room);
            json.writeNumberField("seq", seq);
        });
    }

    public static String unsubscribed(Collection<String> rooms) {
        return frame("unsubscribed", json -> {
            json.writeArrayFieldStart("rooms");
            for (String room : rooms) {
                json.writeString(room);
            }
            json.writeEndArray();
        });
    }

    /** The answer to a room send: the message is in the room's log at {@code seq}. */
    public static String sentInRoom(String ref, String id, long at, String room, long seq) {
        return frame("sent", json -> {
            if (ref != null) {
                json.writeStringField("ref", ref);
            }
            json.writeStringField("id", id);
            json.writeStringField("at", Times.iso(at));
            json.writeStringField("room", room);
            json.writeNumberField("seq", seq);
        });
    }

    /** {@code user} is typing in {@code room} (null: to the receiving user directly); over after 5 s unless repeated. */
    public static String typing(String room, String user) {
        return frame("typing", json -> {
            if (room != null) {
                json.writeStringField("room", room);
            }
            json.writeStringField("user", user);
        });
    }

    /** {@code user} has read {@code room} up to the room seq. */
    public static String roomRead(String room, String user, long seq) {
        return frame("read", json -> {
            json.writeStringField("room", room);
            json.writeStringField("user", user);
            json.writeNumberField("seq", seq);
        });
    }

    /**
     * A direct read: {@code reader} has read the receiving user's conversation with {@code with} up to {@code seq},
     * the receiving user's own inbox seq. The reader is the peer ({@code reader} equals {@code with}) or the user
     * itself on another device.
     */
    public static String directRead(String with, String reader, long seq) {
        return frame("read", json -> {
            json.writeStringField("with", with);
            json.writeStringField("user", reader);
            json.writeNumberField("seq", seq);
        });
    }

    public static String sent(String ref, String id, long at) {
        return frame("sent", json -> {
            if (ref != null) {
                json.writeStringField("ref", ref);
            }
            json.writeStringField("id", id);
            json.writeStringField("at", Times.iso(at));
        });
    }

    public static String error(String ref, ErrorCode code, String message) {
        return error(ref, null, code, message);
    }

    /** An error about a room ({@code room} null: about no room). */
    public static String error(String ref, String room, ErrorCode code, String message) {
        return frame("error", json -> {
            if (ref != null) {
                json.writeStringField("ref", ref);
            }
            if (room != null) {
                json.writeStringField("room", room);
            }
            json.writeStringField("code", code.code());
            json.writeStringField("message", message);
        });
    }

    /** The connection's token expires in {@code seconds}: send a {@code refresh} before it does. */
    public static String expiring(long seconds) {
        return frame("expiring", json -> json.writeNumberField("in", seconds));
    }

    /** The answer to a {@code refresh}: the connection now lasts until {@code expiresAt}. */
    public static String refreshed(String ref, long expiresAt) {
        return frame("refreshed", json -> {
            if (ref != null) {
                json.writeStringField("ref", ref);
            }
            json.writeStringField("expiresAt", Times.iso(expiresAt));
        });
    }

    /** A watched user's presence; {@code presence} null means the user was never seen online. */
    public static String presence(String user, Presence presence) {
        return frame("presence", json -> {
            json.writeStringField("user", user);
            Fields.presence(json, presence);
        });
    }

    private static String frame(String type, Fields.Writer fields) {
        return Fields.object(json -> {
            json.writeStringField("type", type);
            fields.write(json);
        });
    }
}
