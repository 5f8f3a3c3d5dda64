package io.chatengine.query.audit;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chatengine.common.Times;
import java.time.Instant;
import java.util.Collection;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;

/** Any event as JSON, field by field, times as ISO-8601 strings. */
public final class AvroJson {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private AvroJson() {
    }

    public static ObjectNode toJson(SpecificRecord record) {
        ObjectNode node = JSON.objectNode();
        for (Schema.Field field : record.getSchema().getFields()) {
            put(node, field.name(), record.get(field.pos()));
        }
        return node;
    }

    private static void put(ObjectNode node, String name, Object value) {
        if (value == null) {
            node.putNull(name);
        } else if (value instanceof Instant instant) {
            node.put(name, Times.iso(instant));
        } else if (value instanceof CharSequence || value instanceof Enum<?>) {
            node.put(name, value.toString());
        } else if (value instanceof Long number) {
            node.put(name, number);
        } else if (value instanceof Integer number) {
            node.put(name, number);
        } else if (value instanceof Boolean flag) {
            node.put(name, flag);
        } else if (value instanceof SpecificRecord nested) {
            node.set(name, toJson(nested));
        } else if (value instanceof Collection<?> items) {
            ArrayNode array = node.putArray(name);
            items.forEach(item -> array.add(item.toString()));
        } else {
            node.put(name, value.toString());
        }
    }
}
