package io.chatengine.common.protocol;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.chatengine.common.ErrorCode;
import io.chatengine.common.Times;
import io.chatengine.common.http.HttpJson;
import io.chatengine.schemas.avro.InboxEntry;
import io.chatengine.schemas.avro.Presence;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/**
 * Renders every server frame of the WebSocket protocol (docs/protocol.md). The stream service renders
 * welcome and message frames, the gateway the rest; both through here, so the wire format has one home.
 * Frames are written field by field with a streaming generator: they are on the path of every message.
 */
public final class Frames {
    private static final JsonFactory JSON = HttpJson.MAPPER.getFactory();

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
        return frame("message", json -> {
            json.writeStringField("id", entry.getId());
            json.writeNumberField("seq", entry.getSeq());
            json.writeStringField("from", entry.getFrom());
            json.writeStringField("to", entry.getTo());
            json.writeStringField("text", entry.getText());
            json.writeStringField("at", Times.iso(entry.getAt()));
            if (entry.getRef() != null) {
                json.writeStringField("ref", entry.getRef());
            }
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
            json.writeBooleanField("online", presence != null && presence.getOnline());
            if (presence != null && presence.getLastSeen() != null) {
                json.writeStringField("lastSeen", Times.iso(presence.getLastSeen()));
            } else {
                json.writeNullField("lastSeen");
            }
        });
    }

    @FunctionalInterface
    private interface Fields {
        void write(JsonGenerator json) throws IOException;
    }

    private static String frame(String type, Fields fields) {
        StringWriter out = new StringWriter(160);
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("type", type);
            fields.write(json);
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
