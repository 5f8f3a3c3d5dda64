package io.chatengine.common.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GatewayTimeoutTest {
    @Test
    void sixSecondsUnlessSet() {
        assertEquals(Duration.ofSeconds(6), GatewayTimeout.from(new Env(Map.of())));
        assertEquals(Duration.ofMillis(2_500), GatewayTimeout.from(new Env(Map.of("CHAT_GATEWAY_TIMEOUT_MS", "2500"))));
    }

    @Test
    void aTimeoutShorterThanASecondIsRefused() {
        assertThrows(ConfigException.class, () -> GatewayTimeout.from(new Env(Map.of("CHAT_GATEWAY_TIMEOUT_MS", "999"))));
    }
}
