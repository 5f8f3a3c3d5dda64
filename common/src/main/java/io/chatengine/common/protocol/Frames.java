package io.chatengine.common.protocol;

import io.chatengine.common.ErrorCode;
import io.chatengine.common.Times;
import io.chatengine.common.http.HttpJson;
import io.chatengine.schemas.avro.InboxEntry;
import io.chatengine.schemas.avro.Presence;
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

    public static String welcome(String user, String connection, String gateway, long seq) {
        return frame("welcome", json -> {
            json.writeStringField("user", user);
            json.writeStringField("connection", connection);
            json.writeStringField("gateway", gateway);
            json.writeNumberField("seq", seq);
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

    public static String message(InboxEntry entry) {
        return frame("message", json -> Fields.message(json, entry));
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
        return frame("error", json -> {
            if (ref != null) {
                json.writeStringField("ref", ref);
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
