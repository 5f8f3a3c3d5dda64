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
    void readsNamedSecretsBesideTheSharedOne() {
        JwtSettings settings = JwtSettings.from(new Env(Map.of("CHAT_JWT_SECRET", "s".repeat(32),
                "CHAT_JWT_SECRETS", "2026-01=" + "a".repeat(32) + ", 2026-02 = " + "b".repeat(30) + "==")));
        assertEquals("a".repeat(32), new String(settings.secrets().forKid("2026-01").orElseThrow()));
        assertEquals("b".repeat(30) + "==", new String(settings.secrets().forKid("2026-02").orElseThrow()));
        assertEquals("s".repeat(32), new String(settings.secrets().forKid(null).orElseThrow()));
        assertTrue(settings.jwks().isEmpty());
    }

    @Test
    void namedSecretsAloneAreEnough() {
        JwtSettings settings = JwtSettings.from(new Env(Map.of("CHAT_JWT_SECRETS", "k1=" + "a".repeat(32))));
        assertTrue(settings.secrets().shared().isEmpty());
        assertTrue(settings.secrets().forKid(null).isEmpty());
    }

    @Test
    void refusesAShortNamedSecretNamingItsKid() {
        ConfigException error = assertThrows(ConfigException.class, () -> JwtSettings.from(new Env(Map.of(
                "CHAT_JWT_SECRETS", "k1=" + "a".repeat(32) + ",k2=too-short"))));
        assertEquals("CHAT_JWT_SECRETS: the secret of kid 'k2' must be at least 32 bytes, got 9 bytes",
                error.getMessage());
    }

    @Test
    void refusesMalformedOrRepeatedPairs() {
        for (String list : new String[] {"k1", "=" + "a".repeat(32), "k 1=" + "a".repeat(32),
                "k1=" + "a".repeat(32) + ",k1=" + "b".repeat(32)}) {
            ConfigException error = assertThrows(ConfigException.class,
                    () -> JwtSettings.from(new Env(Map.of("CHAT_JWT_SECRETS", list))), list);
            assertTrue(error.getMessage().startsWith("CHAT_JWT_SECRETS"), error.getMessage());
        }
    }

    @Test
    void aJwksUrlAloneIsEnough() {
        JwtSettings settings = JwtSettings.from(new Env(Map.of("CHAT_JWKS_URL",
                "https://id.example.com/.well-known/jwks.json")));
        assertEquals("id.example.com", settings.jwks().orElseThrow().url().getHost());
        assertTrue(settings.secrets().isEmpty());
    }

    @Test
    void refusesAJwksUrlThatIsNotHttp() {
        for (String url : new String[] {"file:///etc/jwks.json", "id.example.com/jwks", "http://", "ht tp://x"}) {
            ConfigException error = assertThrows(ConfigException.class,
                    () -> JwtSettings.from(new Env(Map.of("CHAT_JWKS_URL", url))), url);
            assertTrue(error.getMessage().startsWith("CHAT_JWKS_URL must be an http:// or https:// URL"),
                    error.getMessage());
        }
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
