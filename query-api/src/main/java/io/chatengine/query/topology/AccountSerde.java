package io.chatengine.query.topology;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatengine.common.http.HttpJson;
import io.chatengine.schemas.AvroSerde;
import io.chatengine.schemas.avro.UserAccount;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The users-view store's values: {@link UserAccount} records.
 *
 * <p>Upgrade shim, goes after 0.1.0: rows of the earlier layout, the account as HTTP JSON text (written only by
 * development builds before 2026-11-26, commit 2e8089f, never by a release), are read too, so a store and
 * changelog written before keep serving after an upgrade. The changelog is compacted: an account not changed
 * since keeps its JSON row, so the shim stays through 0.1.0, the first release; an engine that still holds such
 * rows after that resets query-api's application (its stores are rebuilt from the users topic) before upgrading.
 */
final class AccountSerde {
    private static final AvroSerde<UserAccount> AVRO = new AvroSerde<>(UserAccount.getClassSchema());

    private AccountSerde() {
    }

    static Serde<UserAccount> create() {
        Deserializer<UserAccount> reader = (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            return bytes.length > 0 && bytes[0] == '{' ? fromJson(bytes) : AVRO.deserialize(topic, bytes);
        };
        return Serdes.serdeFrom(AVRO.serializer(), reader);
    }

    private static UserAccount fromJson(byte[] bytes) {
        try {
            JsonNode view = HttpJson.MAPPER.readTree(bytes);
            return new UserAccount(view.path("username").asText(), view.path("displayName").asText(),
                    Instant.parse(view.path("createdAt").asText()), view.path("active").asBoolean());
        } catch (IOException e) {
            throw new UncheckedIOException("a users-view row of the earlier layout that is not JSON", e);
        }
    }
}
