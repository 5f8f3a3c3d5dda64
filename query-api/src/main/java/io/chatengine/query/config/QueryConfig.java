package io.chatengine.query.config;

import io.chatengine.common.auth.JwtSettings;
import io.chatengine.common.config.Env;
import io.chatengine.common.http.AllowedOrigins;
import io.chatengine.common.http.HttpSettings;
import io.chatengine.common.config.KafkaSettings;

/**
 * Configuration of a query-api instance.
 *
 * @param http           CHAT_HTTP_*: limits of the HTTP listeners
 * @param advertisedHost CHAT_ADVERTISED_HOST: how other instances reach this one (Kafka Streams application.server)
 * @param origins        CHAT_ALLOWED_ORIGINS: the web origins whose pages may call this API (CORS)
 */
public record QueryConfig(KafkaSettings kafka, JwtSettings jwt, String instanceId, String bindHost, int port,
                          HttpSettings http,                           String advertisedHost, long commitIntervalMs, AllowedOrigins origins) {
    public static final String APPLICATION_ID = "query-api";

    public static QueryConfig from(Env env) {
        return new QueryConfig(
                KafkaSettings.from(env),
                JwtSettings.from(env),
                env.instanceId("query-1"),
                env.string("CHAT_BIND_HOST", "127.0.0.1"),
                env.integer("PORT", 8082, 0, 65535),
                HttpSettings.from(env),
                env.string("CHAT_ADVERTISED_HOST", "127.0.0.1"),
                env.number("CHAT_COMMIT_INTERVAL_MS", 1_000, 1, 60_000),
                AllowedOrigins.from(env));
    }
}
