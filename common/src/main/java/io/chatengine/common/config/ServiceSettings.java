package io.chatengine.common.config;

import io.chatengine.common.http.HttpSettings;

/**
 * What every service reads, composed into each service's own configuration: each variable is read here once.
 *
 * @param kafka      KAFKA_BOOTSTRAP_SERVERS, CHAT_TOPIC_*, CHAT_STATE_DIR, CHAT_BATCH_*, ... ({@link KafkaSettings})
 * @param instanceId INSTANCE_ID: this instance among the service's instances
 * @param bindHost   CHAT_BIND_HOST: the address its listeners bind
 * @param port       PORT: its public listener (0: any free port)
 * @param http       CHAT_HTTP_*: limits of its HTTP listeners
 */
public record ServiceSettings(KafkaSettings kafka, String instanceId, String bindHost, int port, HttpSettings http) {

    /** Settings with the service's own default instance id and port. */
    public static ServiceSettings from(Env env, String defaultInstanceId, int defaultPort) {
        return new ServiceSettings(
                KafkaSettings.from(env),
                env.instanceId(defaultInstanceId),
                env.string("CHAT_BIND_HOST", "127.0.0.1"),
                env.integer("PORT", defaultPort, 0, 65535),
                HttpSettings.from(env));
    }

    /**
     * CHAT_COMMIT_INTERVAL_MS of a stream service: how often its progress is committed. Each service has its own
     * default (a decision made exactly once commits often; a read model can lag).
     */
    public static long commitIntervalMs(Env env, long defaultMs) {
        return env.number("CHAT_COMMIT_INTERVAL_MS", defaultMs, 1, 60_000);
    }
}
