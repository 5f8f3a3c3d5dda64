package io.chatengine.common.protocol;

import com.fasterxml.jackson.core.JsonGenerator;
import io.chatengine.common.Times;
import io.chatengine.schemas.avro.InboxEntry;
import io.chatengine.schemas.avro.Presence;
import io.chatengine.schemas.avro.RoomEntry;
import io.chatengine.schemas.avro.RoomState;
import java.util.function.Function;
import java.util.function.Predicate;
import java.io.IOException;
import java.time.Instant;
import java.util.List;

/**
 * Renders the HTTP bodies of the shapes a client also sees on its socket (messages, presence) and of accounts,
 * each in one place. Field names follow the contract: a user is {@code username} over HTTP and {@code user} in a
 * WebSocket frame, as clients of both already read them; the fields they share are written by {@link Fields}.
 */
public final class Bodies {
    private Bodies() {
    }

    /** {@code GET /messages}: the entries, in the order given. */
    public static String history(List<InboxEntry> entries) {
        return Fields.object(json -> {
            json.writeArrayFieldStart("messages");
            for (InboxEntry entry : entries) {
                json.writeStartObject();
                Fields.message(json, entry);
                json.writeEndObject();
            }
            json.writeEndArray();
        });
    }

    /**
     * A room ({@code POST /rooms}, {@code GET /rooms/{room}}): {@code latestSeq} from its log; {@code readOf} and
     * {@code active} per member, or null to leave those fields out.
     */
    public static String room(RoomState room, long latestSeq, Function<String, Long> readOf,
                              Predicate<String> active) {
        return Fields.object(json -> Fields.room(json, room, latestSeq, readOf, active));
    }

    /** {@code GET /rooms/{room}/messages}: room frames, in the order given. */
    public static String roomHistory(List<RoomEntry> entries) {
        return Fields.object(json -> {
            json.writeArrayFieldStart("messages");
            for (RoomEntry entry : entries) {
                json.writeStartObject();
                Fields.roomFrame(json, entry, false);
                json.writeEndObject();
            }
            json.writeEndArray();
        });
    }

    /** {@code GET /presence/{username}}, and each user of {@code GET /presence?users=}. */
    public static String presence(String username, Presence presence) {
        return Fields.object(json -> {
            json.writeStringField("username", username);
            json.writeNumberField("connections", presence == null ? 0 : presence.getConnections());
            Fields.presence(json, presence);
        });
    }

    /** {@code GET /users/{username}}: the account. */
    public static String account(String username, String displayName, Instant createdAt, boolean active) {
        return Fields.object(json -> {
            account(json, username, displayName, createdAt);
            json.writeBooleanField("active", active);
        });
    }

    /** {@code POST /users}: the account just created. */
    public static String created(String username, String displayName, Instant createdAt) {
        return Fields.object(json -> account(json, username, displayName, createdAt));
    }

    private static void account(JsonGenerator json, String username, String displayName, Instant createdAt)
            throws IOException {
        json.writeStringField("username", username);
        json.writeStringField("displayName", displayName);
        json.writeStringField("createdAt", Times.iso(createdAt));
    }
}
