package io.chatengine.schemas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.junit.jupiter.api.Test;

/** Every schema change must stay readable both ways with every version shipped before it. */
class SchemaHistoryTest {

    @Test
    void everyCurrentSchemaIsTheLatestShippedVersion() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("src/main/avro"))) {
            for (Path file : files.toList()) {
                Schema current = new Schema.Parser().parse(file.toFile());
                List<Schema> versions = SchemaHistory.versions(current.getName());
                assertFalse(versions.isEmpty(), current.getName() + " has no shipped version in avro-history");
                assertEquals(current, versions.get(versions.size() - 1),
                        current.getName() + " changed: add it to avro-history as a new version");
            }
        }
    }

    @Test
    void currentSchemasReadEveryEarlierVersion() {
        SchemaHistory.all().forEach((name, versions) -> {
            Schema current = versions.get(versions.size() - 1);
            for (Schema older : versions) {
                assertCompatible(current, older, name + ": current reader cannot read an older writer");
            }
        });
    }

    @Test
    void earlierVersionsReadTheCurrentOne() {
        SchemaHistory.all().forEach((name, versions) -> {
            Schema current = versions.get(versions.size() - 1);
            for (Schema older : versions) {
                assertCompatible(older, current, name + ": an older reader cannot read the current writer");
            }
        });
    }

    @Test
    void anIncompatibleChangeIsDetected() {
        Schema before = SchemaBuilderFixtures.record("int");
        Schema after = SchemaBuilderFixtures.record("string");
        assertTrue(SchemaCompatibility.checkReaderWriterCompatibility(after, before).getType()
                == SchemaCompatibilityType.INCOMPATIBLE);
    }

    private static void assertCompatible(Schema reader, Schema writer, String message) {
        SchemaCompatibility.SchemaPairCompatibility result =
                SchemaCompatibility.checkReaderWriterCompatibility(reader, writer);
        assertEquals(SchemaCompatibilityType.COMPATIBLE, result.getType(), message + ": " + result.getDescription());
    }

    private static final class SchemaBuilderFixtures {
        static Schema record(String fieldType) {
            return new Schema.Parser().parse("{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"f\",\"type\":\""
                    + fieldType + "\"}]}");
        }
    }
}
