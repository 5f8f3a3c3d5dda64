package io.chatengine.common.config;

import java.time.Duration;

/**
 * CHAT_GATEWAY_TIMEOUT_MS, read by both sides of a gateway's heartbeat: presence-stream drops the connections of a
 * gateway silent this long, and a gateway whose heartbeats could not be written for longer announces its
 * connections again. The two must agree, so the variable, its default and its bounds live here once.
 */
public final class GatewayTimeout {
    public static final String VARIABLE = "CHAT_GATEWAY_TIMEOUT_MS";
    public static final Duration DEFAULT = Duration.ofSeconds(6);

    private GatewayTimeout() {
    }

    public static Duration from(Env env) {
        return Duration.ofMillis(env.number(VARIABLE, DEFAULT.toMillis(), 1_000, 600_000));
    }
}
