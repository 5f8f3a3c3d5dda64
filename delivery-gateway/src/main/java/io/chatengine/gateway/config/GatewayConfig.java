package io.chatengine.gateway.config;

import io.chatengine.common.auth.JwtSettings;
import io.chatengine.common.config.Env;
import io.chatengine.common.config.ServiceSettings;
import io.chatengine.common.config.GatewayTimeout;
import io.chatengine.common.http.AllowedOrigins;
import java.time.Duration;

/**
 * Configuration of a delivery-gateway instance, read once from the environment.
 *
 * @param service            INSTANCE_ID, CHAT_BIND_HOST, PORT, CHAT_HTTP_*, Kafka ({@link ServiceSettings})
 * @param maxFrameBytes      CHAT_MAX_FRAME_BYTES: largest client frame; larger ones close the socket with 1009
 * @param outboundBytes      CHAT_OUTBOUND_BUFFER_BYTES: bytes of frames waiting for one client before it is closed
 *                           with 4009 (at least a resume page, 1 MiB)
 * @param ratePerSecond      CHAT_RATE_LIMIT_PER_SECOND: sends per second per connection (burst of twice that)
 * @param watchPerSecond     CHAT_WATCH_RATE_PER_SECOND: watch and refresh frames per second per connection (burst
 *                           of twice that)
 * @param maxErrors          CHAT_MAX_ERRORS: errors within 10 s before the socket is closed with 4008
 * @param ping               CHAT_PING_SECONDS: how often the gateway pings
 * @param idle               CHAT_IDLE_SECONDS: a connection silent this long is closed
 * @param maxConnectionsPerUser CHAT_MAX_CONNECTIONS_PER_USER: sockets one user may hold on this gateway; the next
 *                           handshake gets 429 too_many_connections
 * @param gatewayTimeout     CHAT_GATEWAY_TIMEOUT_MS ({@link GatewayTimeout}): how long presence-stream waits for this gateway's heartbeat
 *                           before it drops its connections; heartbeats that could not be written for longer
 *                           make the gateway announce its connections again
 * @param handshakesPerSecond CHAT_HANDSHAKE_RATE_PER_SECOND: handshakes per client address per second (bursts of
 *                           twice that); more get 429 rate_limited
 * @param origins            CHAT_ALLOWED_ORIGINS: the web origins whose pages may open a socket; others get 403
 *                           forbidden_origin
 */
public record GatewayConfig(ServiceSettings service, JwtSettings jwt,
                            int maxFrameBytes, int outboundBytes, int ratePerSecond,
                            int watchPerSecond, int maxErrors, Duration ping, Duration idle, int maxConnectionsPerUser,
                            Duration gatewayTimeout, int handshakesPerSecond, AllowedOrigins origins) {
    public static final Duration HEARTBEAT = Duration.ofSeconds(2);
    /** A resume page is at most 256 Ki characters of frames, at most three bytes each in UTF-8. */
    static final int MIN_OUTBOUND_BYTES = 1 << 20;

    public static GatewayConfig from(Env env) {
        return new GatewayConfig(
                ServiceSettings.from(env, "gw-1", 8080),
                JwtSettings.from(env),
                env.integer("CHAT_MAX_FRAME_BYTES", 65_536, 1_024, 16 * 1024 * 1024),
                env.integer("CHAT_OUTBOUND_BUFFER_BYTES", MIN_OUTBOUND_BYTES, MIN_OUTBOUND_BYTES, 1 << 30),
                env.integer("CHAT_RATE_LIMIT_PER_SECOND", 50, 1, 100_000),
                env.integer("CHAT_WATCH_RATE_PER_SECOND", 2, 1, 1_000),
                env.integer("CHAT_MAX_ERRORS", 20, 1, 100_000),
                Duration.ofSeconds(env.integer("CHAT_PING_SECONDS", 25, 1, 3_600)),
                Duration.ofSeconds(env.integer("CHAT_IDLE_SECONDS", 60, 2, 86_400)),
                env.integer("CHAT_MAX_CONNECTIONS_PER_USER", 100, 1, 100_000),
                GatewayTimeout.from(env),
                env.integer("CHAT_HANDSHAKE_RATE_PER_SECOND", 20, 1, 1_000_000),
                AllowedOrigins.from(env));
    }
}
