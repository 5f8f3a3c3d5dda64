package io.chatengine.common.http;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chatengine.common.config.ConfigException;
import io.chatengine.common.config.Env;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AllowedOriginsTest {
    @Test
    void unsetAllowsOnlyTheServicesOwnOrigin() {
        AllowedOrigins origins = AllowedOrigins.from(new Env(Map.of()));
        assertTrue(origins.allows("http://chat.example.com:8080", "chat.example.com:8080"));
        assertTrue(origins.allows("https://Chat.Example.com", "chat.example.com"));
        assertFalse(origins.allows("http://evil.example", "chat.example.com:8080"));
        assertFalse(origins.allows("http://chat.example.com:9999", "chat.example.com:8080"), "another port");
        assertFalse(origins.allows("null", "chat.example.com"));
        assertFalse(origins.allows("http://chat.example.com", null), "no Host to compare with");
    }

    @Test
    void aListAllowsExactlyItsOrigins() {
        AllowedOrigins origins = AllowedOrigins.of("https://app.example.com, http://127.0.0.1:8080/");
        assertTrue(origins.allows("https://app.example.com", "gw.internal:8080"));
        assertTrue(origins.allows("http://127.0.0.1:8080", "gw.internal:8080"));
        assertFalse(origins.allows("http://app.example.com", "gw.internal:8080"), "another scheme");
        assertFalse(origins.allows("http://gw.internal:8080", "gw.internal:8080"), "its own origin is not implied");
    }

    @Test
    void aStarAllowsAny() {
        assertTrue(AllowedOrigins.of("*").allows("http://anything.example", "gw:8080"));
    }

    @Test
    void somethingThatIsNotAnOriginIsAConfigurationError() {
        assertThrows(ConfigException.class, () -> AllowedOrigins.of("https://app.example.com/path"));
        assertThrows(ConfigException.class, () -> AllowedOrigins.of("app.example.com"));
    }
}
