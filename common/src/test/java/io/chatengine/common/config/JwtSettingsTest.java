package io.chatengine.common.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chatengine.common.auth.JwtSettings;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JwtSettingsTest {

    @Test
    void refusesAMissingSecretNamingTheVariable() {
        ConfigException error = assertThrows(ConfigException.class, () -> JwtSettings.from(new Env(Map.of())));
        assertTrue(error.getMessage().startsWith("CHAT_JWT_SECRET is not set"), error.getMessage());
    }

    @Test
    void refusesAShortSecretSayingWhy() {
        ConfigException error = assertThrows(ConfigException.class,
                () -> JwtSettings.from(new Env(Map.of("CHAT_JWT_SECRET", "too-short"))));
        assertEquals("CHAT_JWT_SECRET must be at least 32 bytes, got 9 bytes", error.getMessage());
    }

    @Test
    void readsIssuerAndAudience() {
        JwtSettings settings = JwtSettings.from(new Env(Map.of("CHAT_JWT_SECRET", "x".repeat(32),
                "CHAT_JWT_ISSUER", "chat", "CHAT_JWT_AUDIENCE", "clients")));
        assertEquals("chat", settings.issuer().orElseThrow());
        assertEquals("clients", settings.audience().orElseThrow());
    }

    @Test
    void numbersOutOfRangeNameTheVariable() {
        Env env = new Env(Map.of("CHAT_TOPIC_PARTITIONS", "0"));
        ConfigException error = assertThrows(ConfigException.class, () -> KafkaSettings.from(env));
        assertEquals("CHAT_TOPIC_PARTITIONS must be between 1 and 10000, got 0", error.getMessage());
        Env notANumber = new Env(Map.of("CHAT_TOPIC_PARTITIONS", "six"));
        assertThrows(ConfigException.class, () -> KafkaSettings.from(notANumber));
    }

    @Test
    void instanceIdMustBeUsableInATopicName() {
        assertThrows(ConfigException.class, () -> new Env(Map.of("INSTANCE_ID", "gw 1")).instanceId("gw-1"));
        assertEquals("gw-2", new Env(Map.of("INSTANCE_ID", "gw-2")).instanceId("gw-1"));
    }
}
