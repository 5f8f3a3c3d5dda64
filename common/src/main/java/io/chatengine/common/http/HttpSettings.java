package io.chatengine.common.http;

import io.chatengine.common.config.Env;
import java.time.Duration;
import java.util.OptionalInt;

/**
 * What every HTTP listener of a service is held to, and where its operations endpoints are served.
 *
 * @param opsPort        CHAT_OPS_PORT: when set, {@code /metrics} and {@code /health/*} are served on their own
 *                       listener on this port (0: any free one), and no longer on the service's public port
 * @param parseTimeout   CHAT_HTTP_PARSE_TIMEOUT_MS: a request whose head has not fully come within this is cut off
 * @param idleTimeout    CHAT_HTTP_IDLE_SECONDS: a connection with no request for this long is closed
 * @param maxHeaderBytes CHAT_HTTP_MAX_HEADER_BYTES: a larger request head (request line and headers) gets 431
 * @param maxBodyBytes   CHAT_HTTP_MAX_BODY_BYTES: a larger request body gets 413
 * @param maxConnections CHAT_HTTP_MAX_CONNECTIONS: connections one listener holds at once; beyond it, new ones
 *                       wait in the kernel's accept queue until some close
 */
public record HttpSettings(OptionalInt opsPort, Duration parseTimeout, Duration idleTimeout, int maxHeaderBytes,
                           int maxBodyBytes, int maxConnections) {
    public static final HttpSettings DEFAULTS = new HttpSettings(OptionalInt.empty(),
            Duration.ofSeconds(10), Duration.ofSeconds(60), 16 * 1024, 64 * 1024, 50_000);

    public static HttpSettings from(Env env) {
        return new HttpSettings(
                env.optional("CHAT_OPS_PORT").isPresent()
                        ? OptionalInt.of(env.integer("CHAT_OPS_PORT", 0, 0, 65535)) : OptionalInt.empty(),
                Duration.ofMillis(env.integer("CHAT_HTTP_PARSE_TIMEOUT_MS", (int) DEFAULTS.parseTimeout.toMillis(),
                        100, 600_000)),
                Duration.ofSeconds(env.integer("CHAT_HTTP_IDLE_SECONDS", (int) DEFAULTS.idleTimeout.toSeconds(),
                        1, 86_400)),
                env.integer("CHAT_HTTP_MAX_HEADER_BYTES", DEFAULTS.maxHeaderBytes, 1_024, 1024 * 1024),
                env.integer("CHAT_HTTP_MAX_BODY_BYTES", DEFAULTS.maxBodyBytes, 1_024, 64 * 1024 * 1024),
                env.integer("CHAT_HTTP_MAX_CONNECTIONS", DEFAULTS.maxConnections, 2, 1_000_000));
    }

    public HttpSettings withOpsPort(int port) {
        return new HttpSettings(OptionalInt.of(port), parseTimeout, idleTimeout, maxHeaderBytes, maxBodyBytes,
                maxConnections);
    }

    public HttpSettings withIdleTimeout(Duration timeout) {
        return new HttpSettings(opsPort, parseTimeout, timeout, maxHeaderBytes, maxBodyBytes, maxConnections);
    }

    public HttpSettings withMaxConnections(int connections) {
        return new HttpSettings(opsPort, parseTimeout, idleTimeout, maxHeaderBytes, maxBodyBytes, connections);
    }
}
