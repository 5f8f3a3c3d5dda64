package io.chatengine.common.protocol;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.chatengine.common.Times;
import io.chatengine.common.http.HttpJson;
import io.chatengine.schemas.avro.InboxEntry;
import io.chatengine.schemas.avro.Presence;
import io.chatengine.schemas.avro.RoomEntry;
import io.chatengine.schemas.avro.RoomMember;
import io.chatengine.schemas.avro.RoomState;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.Predicate;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/**
 * The fields of each shape a client sees both in a WebSocket frame ({@link Frames}) and in an HTTP body
 * ({@link Bodies}), each written by one method, with a streaming generator; {@link #object} writes any other
 * JSON body a service renders field by field.
 */
public final class Fields {
    private static final JsonFactory JSON = HttpJson.MAPPER.getFactory();

    private Fields() {
    }

    @FunctionalInterface
    public interface Writer {
        void write(JsonGenerator json) throws IOException;
    }

    /** One JSON object holding what {@code fields} writes. */
    public static String object(Writer fields) {
        StringWriter out = new StringWriter(160);
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            fields.write(json);
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /**
     * An inbox entry as its owner sees it, with its type: a direct message, or a change of the owner's own
     * membership of a room ({@code room}).
     */
    static void inboxFrame(JsonGenerator json, InboxEntry entry) throws IOException {
        if (entry.getRoom() == null) {
            json.writeStringField("type", "message");
            message(json, entry);
            return;
        }
        json.writeStringField("type", "room");
        json.writeNumberField("seq", entry.getSeq());
        json.writeStringField("room", entry.getRoom());
        json.writeStringField("change", entry.getText());
        json.writeStringField("by", entry.getFrom());
        json.writeStringField("at", Times.iso(entry.getAt()));
    }

    /** A frame of a room's log, with its type; the message's ref only when {@code withRef} (the sender's sockets). */
    static void roomFrame(JsonGenerator json, RoomEntry entry, boolean withRef) throws IOException {
        switch (entry.getKind()) {
            case MESSAGE -> {
                json.writeStringField("type", "message");
                json.writeStringField("room", entry.getRoom());
                json.writeStringField("id", entry.getId());
                json.writeNumberField("seq", entry.getSeq());
                json.writeStringField("from", entry.getFrom());
                json.writeStringField("text", entry.getText());
                json.writeStringField("at", Times.iso(entry.getAt()));
                if (withRef && entry.getRef() != null) {
                    json.writeStringField("ref", entry.getRef());
                }
            }
            case MEMBER -> {
                json.writeStringField("type", "member");
                json.writeStringField("room", entry.getRoom());
                json.writeNumberField("seq", entry.getSeq());
                json.writeStringField("user", entry.getUser());
                json.writeStringField("change", entry.getChange());
                json.writeStringField("by", entry.getBy());
                json.writeStringField("at", Times.iso(entry.getAt()));
            }
            case CLOSED -> {
                json.writeStringField("type", "closed");
                json.writeStringField("room", entry.getRoom());
                json.writeNumberField("seq", entry.getSeq());
                json.writeStringField("by", entry.getBy());
                json.writeStringField("at", Times.iso(entry.getAt()));
            }
        }
    }

    /**
     * A room as members and admins see it. {@code latestSeq} is the room's latest seq (from its log);
     * {@code readOf} gives a member's read position (null: leave it out), {@code active} whether a member's
     * account is active (null: leave it out).
     */
    static void room(JsonGenerator json, RoomState room, long latestSeq, Function<String, Long> readOf,
                     Predicate<String> active) throws IOException {
        json.writeStringField("room", room.getRoom());
        json.writeStringField("title", room.getTitle());
        json.writeStringField("owner", room.getOwner());
        json.writeStringField("history", room.getHistory());
        json.writeStringField("createdAt", Times.iso(room.getCreatedAt()));
        json.writeNumberField("seq", latestSeq);
        json.writeBooleanField("closed", room.getClosed());
        json.writeArrayFieldStart("members");
        for (RoomMember member : room.getMembers()) {
            json.writeStartObject();
            json.writeStringField("user", member.getUser());
            json.writeStringField("role", member.getRole().name().toLowerCase(Locale.ROOT));
            json.writeNumberField("since", member.getSince());
            if (readOf != null) {
                Long read = readOf.apply(member.getUser());
                json.writeNumberField("read", read == null ? 0 : read);
            }
            if (active != null) {
                json.writeBooleanField("active", active.test(member.getUser()));
            }
            json.writeEndObject();
        }
        json.writeEndArray();
    }

    /** A message: an inbox entry as its owner sees it. */
    static void message(JsonGenerator json, InboxEntry entry) throws IOException {
        json.writeStringField("id", entry.getId());
        json.writeNumberField("seq", entry.getSeq());
        json.writeStringField("from", entry.getFrom());
        json.writeStringField("to", entry.getTo());
        json.writeStringField("text", entry.getText());
        json.writeStringField("at", Times.iso(entry.getAt()));
        if (entry.getRef() != null) {
            json.writeStringField("ref", entry.getRef());
        }
    }

    /** Whether a user is online and when their connection count last changed; null: never seen online. */
    static void presence(JsonGenerator json, Presence presence) throws IOException {
        json.writeBooleanField("online", presence != null && presence.getOnline());
        if (presence != null && presence.getLastSeen() != null) {
            json.writeStringField("lastSeen", Times.iso(presence.getLastSeen()));
        } else {
            json.writeNullField("lastSeen");
        }
    }
}
