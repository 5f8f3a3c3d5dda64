package io.chatengine.query.config;

import io.chatengine.common.auth.JwtSettings;
import io.chatengine.common.config.Env;
import io.chatengine.common.config.ServiceSettings;
import io.chatengine.common.http.AllowedOrigins;

/**
 * Configuration of a query-api instance.
 *
 * @param service            INSTANCE_ID, CHAT_BIND_HOST, PORT, CHAT_HTTP_*, Kafka ({@link ServiceSettings})
 * @param advertisedHost CHAT_ADVERTISED_HOST: how other instances reach this one (Kafka Streams application.server)
 * @param origins        CHAT_ALLOWED_ORIGINS: the web origins whose pages may call this API (CORS)
 */
public record QueryConfig(ServiceSettings service, JwtSettings jwt,
                          String advertisedHost, long commitIntervalMs, AllowedOrigins origins) {
    public static final String APPLICATION_ID = "query-api";

    public static QueryConfig from(Env env) {
        return new QueryConfig(
                ServiceSettings.from(env, "query-1", 8082),
                JwtSettings.from(env),
                env.string("CHAT_ADVERTISED_HOST", "127.0.0.1"),
                ServiceSettings.commitIntervalMs(env, 1_000),
                AllowedOrigins.from(env));
    }
}
