package io.chatengine.users.config;

import io.chatengine.common.auth.JwtSettings;
import io.chatengine.common.config.Env;
import io.chatengine.common.config.ServiceSettings;
import io.chatengine.common.http.AllowedOrigins;

/**
 * Configuration of a user-command-service instance.
 *
 * @param service            INSTANCE_ID, CHAT_BIND_HOST, PORT, CHAT_HTTP_*, Kafka ({@link ServiceSettings})
 * @param requestTimeoutMs CHAT_USERS_REQUEST_TIMEOUT_MS: how long a request waits for its decision before 503
 * @param maxPending       CHAT_USERS_MAX_PENDING: requests waiting at once before new ones get 503 (users and
 *                         rooms each)
 * @param rooms            CHAT_ROOM_MAX_MEMBERS, CHAT_MAX_ROOMS_PER_USER
 * @param origins          CHAT_ALLOWED_ORIGINS: the web origins whose pages may call this API (CORS)
 */
public record UsersConfig(ServiceSettings service, JwtSettings jwt,
                          long commitIntervalMs, long requestTimeoutMs, int maxPending,
                          RoomLimits rooms, AllowedOrigins origins) {
    public static final String APPLICATION_ID = "user-command-service";

    public static UsersConfig from(Env env) {
        return new UsersConfig(
                ServiceSettings.from(env, "users-1", 8081),
                JwtSettings.from(env),
                ServiceSettings.commitIntervalMs(env, 20),
                env.number("CHAT_USERS_REQUEST_TIMEOUT_MS", 8_000, 100, 10_000),
                env.integer("CHAT_USERS_MAX_PENDING", 1_000, 1, 1_000_000),
                RoomLimits.from(env),
                AllowedOrigins.from(env));
    }
}
