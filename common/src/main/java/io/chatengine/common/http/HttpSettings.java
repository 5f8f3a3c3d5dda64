package io.chatengine.common.http;

import io.chatengine.common.config.Env;
import java.time.Duration;

/**
 * What every HTTP listener of a service is held to.
 *
 * @param parseTimeout   CHAT_HTTP_PARSE_TIMEOUT_MS: a request whose head has not fully come within this is cut off
 * @param idleTimeout    CHAT_HTTP_IDLE_SECONDS: a connection with no request for this long is closed
 * @param maxHeaderBytes CHAT_HTTP_MAX_HEADER_BYTES: a larger request head (request line and headers) gets 431
 * @param maxBodyBytes   CHAT_HTTP_MAX_BODY_BYTES: a larger request body gets 413
 * @param maxConnections CHAT_HTTP_MAX_CONNECTIONS: connections one listener holds at once; beyond it, new ones
 *                       wait in the kernel's accept queue until some close
 */
public record HttpSettings(Duration parseTimeout, Duration idleTimeout, int maxHeaderBytes,
                           int maxBodyBytes, int maxConnections) {
    public static final HttpSettings DEFAULTS = new HttpSettings(Duration.ofSeconds(10),
            Duration.ofSeconds(60), 16 * 1024, 64 * 1024, 10_000);

    public static HttpSettings from(Env env) {
        return new HttpSettings(
                Duration.ofMillis(env.integer("CHAT_HTTP_PARSE_TIMEOUT_MS", (int) DEFAULTS.parseTimeout.toMillis(),
                        100, 600_000)),
                Duration.ofSeconds(env.integer("CHAT_HTTP_IDLE_SECONDS", (int) DEFAULTS.idleTimeout.toSeconds(),
                        1, 86_400)),
                env.integer("CHAT_HTTP_MAX_HEADER_BYTES", DEFAULTS.maxHeaderBytes, 1_024, 1024 * 1024),
                env.integer("CHAT_HTTP_MAX_BODY_BYTES", DEFAULTS.maxBodyBytes, 1_024, 64 * 1024 * 1024),
                env.integer("CHAT_HTTP_MAX_CONNECTIONS", DEFAULTS.maxConnections, 2, 1_000_000));
    }

    public HttpSettings withMaxConnections(int connections) {
        return new HttpSettings(parseTimeout, idleTimeout, maxHeaderBytes, maxBodyBytes, connections);
    }
}
