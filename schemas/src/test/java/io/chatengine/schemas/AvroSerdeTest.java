package io.chatengine.schemas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.chatengine.schemas.avro.UserCreated;
import io.chatengine.schemas.avro.UserEvent;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class AvroSerdeTest {
    private final AvroSerde<UserEvent> serde = new AvroSerde<>(UserEvent.getClassSchema());

    @Test
    void roundTripsTheCurrentVersion() {
        UserEvent event = new UserEvent(new UserCreated("alice", "Alice", java.time.Instant.ofEpochMilli(1_000), "root"));
        assertEquals(event, serde.deserialize("users", serde.serialize("users", event)));
    }

    @Test
    void decodesAUserCreatedWrittenWithVersionOne() throws IOException {
        Schema v1 = SchemaHistory.versions("UserEvent").get(0);
        Schema createdV1 = v1.getField("event").schema().getTypes().get(0);
        GenericRecord created = new GenericData.Record(createdV1);
        created.put("username", "bob");
        created.put("displayName", "Bob");
        created.put("createdAt", 42L);
        GenericRecord event = new GenericData.Record(v1);
        event.put("event", created);
        ByteBuffer bytes = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), v1).encode(event);

        UserEvent decoded = serde.deserialize("users", toArray(bytes));

        UserCreated current = (UserCreated) decoded.getEvent();
        assertEquals("bob", current.getUsername());
        assertEquals("Bob", current.getDisplayName());
        assertEquals(42L, current.getCreatedAt().toEpochMilli());
        assertNull(current.getCreatedBy(), "a field added in v2 takes its default");
    }

    @Test
    void refusesBytesOfAnUnknownSchema() {
        byte[] garbage = {(byte) 0xC3, 0x01, 1, 2, 3, 4, 5, 6, 7, 8, 9};
        assertThrows(SerializationException.class, () -> serde.deserialize("users", garbage));
    }

    @Test
    void nullStaysNull() {
        assertNull(serde.serialize("users", null));
        assertNull(serde.deserialize("users", null));
    }

    private static byte[] toArray(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }
}
