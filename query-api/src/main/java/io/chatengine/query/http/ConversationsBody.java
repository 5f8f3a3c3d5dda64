package io.chatengine.query.http;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import io.chatengine.common.http.HttpJson;
import io.chatengine.common.protocol.Fields;
import io.chatengine.common.protocol.Frames;
import io.chatengine.query.view.Conversation;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The body of {@code GET /conversations}, and the room summaries instances pass each other to build it. A
 * conversation's {@code last} is the frame a socket gets for it, rendered by {@link Frames}.
 */
final class ConversationsBody {
    private ConversationsBody() {
    }

    static String conversations(List<Conversation> page) {
        return Fields.object(json -> {
            json.writeArrayFieldStart("conversations");
            for (Conversation conversation : page) {
                json.writeStartObject();
                if (conversation instanceof Conversation.Direct direct) {
                    json.writeStringField("with", direct.with());
                    json.writeFieldName("last");
                    json.writeRawValue(Frames.message(direct.last()));
                    json.writeNumberField("unread", direct.unread());
                    json.writeNumberField("read", direct.read());
                    json.writeNumberField("theirRead", direct.theirRead());
                } else if (conversation instanceof Conversation.InRoom room) {
                    room(json, room);
                }
                json.writeEndObject();
            }
            json.writeEndArray();
        });
    }

    /** Room summaries between instances: as in the list, with the activity they are ordered by. */
    static String roomSummaries(List<Conversation.InRoom> rooms) {
        return Fields.object(json -> {
            json.writeArrayFieldStart("rooms");
            for (Conversation.InRoom room : rooms) {
                json.writeStartObject();
                room(json, room);
                json.writeNumberField("activity", room.activity());
                json.writeEndObject();
            }
            json.writeEndArray();
        });
    }

    static List<Conversation.InRoom> parseRoomSummaries(String body) throws IOException {
        List<Conversation.InRoom> rooms = new ArrayList<>();
        for (JsonNode room : HttpJson.MAPPER.readTree(body).path("rooms")) {
            JsonNode last = room.path("last");
            rooms.add(new Conversation.InRoom(room.path("room").asText(), room.path("title").asText(),
                    room.path("seq").asLong(), last.isObject() ? last.toString() : null, room.path("unread").asLong(),
                    room.path("read").asLong(), room.path("activity").asLong()));
        }
        return rooms;
    }

    private static void room(JsonGenerator json, Conversation.InRoom room) throws IOException {
        json.writeStringField("room", room.room());
        json.writeStringField("title", room.title());
        json.writeNumberField("seq", room.seq());
        json.writeFieldName("last");
        if (room.last() == null) {
            json.writeNull();
        } else {
            json.writeRawValue(room.last());
        }
        json.writeNumberField("unread", room.unread());
        json.writeNumberField("read", room.read());
    }
}
