package io.chatengine.users.config;

import io.chatengine.common.auth.JwtSettings;
import io.chatengine.common.config.Env;
import io.chatengine.common.http.AllowedOrigins;
import io.chatengine.common.http.HttpSettings;
import io.chatengine.common.config.KafkaSettings;

/**
 * Configuration of a user-command-service instance.
 *
 * @param http             CHAT_HTTP_*: limits of the HTTP listeners
 * @param requestTimeoutMs CHAT_USERS_REQUEST_TIMEOUT_MS: how long a request waits for its decision before 503
 * @param maxPending       CHAT_USERS_MAX_PENDING: requests waiting at once before new ones get 503 (users and
 *                         rooms each)
 * @param rooms            CHAT_ROOM_MAX_MEMBERS, CHAT_MAX_ROOMS_PER_USER
 * @param origins          CHAT_ALLOWED_ORIGINS: the web origins whose pages may call this API (CORS)
 */
public record UsersConfig(KafkaSettings kafka, JwtSettings jwt, String instanceId, String bindHost, int port,
                          HttpSettings http, long commitIntervalMs, long requestTimeoutMs, int maxPending,
                          RoomLimits rooms, AllowedOrigins origins) {
    public static final String APPLICATION_ID = "user-command-service";

    public static UsersConfig from(Env env) {
        return new UsersConfig(
                KafkaSettings.from(env),
                JwtSettings.from(env),
                env.instanceId("users-1"),
                env.string("CHAT_BIND_HOST", "127.0.0.1"),
                env.integer("PORT", 8081, 0, 65535),
                HttpSettings.from(env),
                env.number("CHAT_COMMIT_INTERVAL_MS", 20, 1, 60_000),
                env.number("CHAT_USERS_REQUEST_TIMEOUT_MS", 8_000, 100, 10_000),
                env.integer("CHAT_USERS_MAX_PENDING", 1_000, 1, 1_000_000),
                RoomLimits.from(env),
                AllowedOrigins.from(env));
    }
}
