package io.chatengine.presence.config;

import io.chatengine.common.config.Env;
import io.chatengine.common.config.ServiceSettings;
import io.chatengine.common.config.GatewayTimeout;
import io.chatengine.schemas.Topics;

/**
 * Configuration of presence-stream.
 *
 * @param service            INSTANCE_ID, CHAT_BIND_HOST, PORT, CHAT_HTTP_*, Kafka ({@link ServiceSettings})
 * @param commitIntervalMs   CHAT_COMMIT_INTERVAL_MS: how often progress is committed (at-least-once: after a crash,
 *                           what came since is processed again, harmlessly)
 * @param gatewayTimeoutMs   CHAT_GATEWAY_TIMEOUT_MS ({@link GatewayTimeout}): a gateway silent this long has lost
 *                           its connections
 * @param sweepIntervalMs    CHAT_PRESENCE_SWEEP_MS: how often connections of dead gateways are looked for
 * @param retentionCheckMs   CHAT_RETENTION_CHECK_MS: how often expired inbox entries are deleted
 */
public record PresenceConfig(ServiceSettings service,
                             long commitIntervalMs, long gatewayTimeoutMs, long sweepIntervalMs,
                             long retentionCheckMs) {
    public static final String APPLICATION_ID = Topics.PRESENCE_STREAM_APPLICATION;

    public static PresenceConfig from(Env env) {
        return new PresenceConfig(
                ServiceSettings.from(env, "presence-1", 8083),
                ServiceSettings.commitIntervalMs(env, 1_000),
                GatewayTimeout.from(env).toMillis(),
                env.number("CHAT_PRESENCE_SWEEP_MS", 1_000, 100, 60_000),
                env.number("CHAT_RETENTION_CHECK_MS", 600_000, 1_000, 86_400_000));
    }

    public long inboxRetentionMs() {
        return service.kafka().topics().inboxRetentionMs();
    }
}
