package io.chatengine.schemas;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.Schema;

/**
 * Every schema version ever shipped, read from {@code avro-history/} on the classpath. Decoders know all of
 * them, so data written by an older service version still reads after an upgrade.
 */
public final class SchemaHistory {
    private static final String ROOT = "avro-history/";
    private static final Map<String, List<Schema>> VERSIONS = load();

    private SchemaHistory() {
    }

    /** Versions of one record type by its simple name, oldest first. */
    public static List<Schema> versions(String recordName) {
        return VERSIONS.getOrDefault(recordName, List.of());
    }

    public static Map<String, List<Schema>> all() {
        return VERSIONS;
    }

    private static Map<String, List<Schema>> load() {
        Map<String, List<Schema>> byName = new TreeMap<>();
        for (String line : read(ROOT + "index.txt").split("\n")) {
            String path = line.strip();
            if (path.isEmpty()) {
                continue;
            }
            Schema schema = new Schema.Parser().parse(read(ROOT + path));
            byName.computeIfAbsent(path.substring(0, path.indexOf('/')), k -> new ArrayList<>()).add(schema);
        }
        byName.replaceAll((k, v) -> List.copyOf(v));
        return Map.copyOf(byName);
    }

    private static String read(String resource) {
        try (InputStream in = SchemaHistory.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing schema resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
