package io.chatengine.common.protocol;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.chatengine.common.Times;
import io.chatengine.common.http.HttpJson;
import io.chatengine.schemas.avro.InboxEntry;
import io.chatengine.schemas.avro.Presence;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/**
 * The fields of each shape a client sees both in a WebSocket frame ({@link Frames}) and in an HTTP body
 * ({@link Bodies}), each written by one method, with a streaming generator.
 */
final class Fields {
    private static final JsonFactory JSON = HttpJson.MAPPER.getFactory();

    private Fields() {
    }

    @FunctionalInterface
    interface Writer {
        void write(JsonGenerator json) throws IOException;
    }

    /** One JSON object holding what {@code fields} writes. */
    static String object(Writer fields) {
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
