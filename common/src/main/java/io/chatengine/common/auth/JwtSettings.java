package io.chatengine.common.auth;

import io.chatengine.common.config.ConfigException;
import io.chatengine.common.config.Env;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * The shared HS256 secret and the optional issuer and audience every token must carry.
 *
 * @param secret   CHAT_JWT_SECRET, at least 32 bytes
 * @param issuer   CHAT_JWT_ISSUER, enforced when set
 * @param audience CHAT_JWT_AUDIENCE, enforced when set
 * @param maxTtl   CHAT_JWT_MAX_TTL_SECONDS: a token whose {@code exp} lies further ahead is refused, so that a
 *                 token leaked or minted by mistake cannot live for months
 */
public record JwtSettings(byte[] secret, Optional<String> issuer, Optional<String> audience, Duration maxTtl) {
    public static final int MIN_SECRET_BYTES = 32;
    public static final Duration DEFAULT_MAX_TTL = Duration.ofDays(1);

    public JwtSettings(byte[] secret, Optional<String> issuer, Optional<String> audience) {
        this(secret, issuer, audience, DEFAULT_MAX_TTL);
    }

    public JwtSettings {
        if (secret == null || secret.length < MIN_SECRET_BYTES) {
            throw new ConfigException("CHAT_JWT_SECRET must be at least " + MIN_SECRET_BYTES + " bytes, got "
                    + (secret == null ? "none" : secret.length + " bytes"));
        }
    }

    public static JwtSettings from(Env env) {
        String secret = env.required("CHAT_JWT_SECRET",
                "the shared HS256 secret (at least " + MIN_SECRET_BYTES + " bytes) that signs every token");
        return new JwtSettings(secret.getBytes(StandardCharsets.UTF_8),
                env.optional("CHAT_JWT_ISSUER"), env.optional("CHAT_JWT_AUDIENCE"),
                Duration.ofSeconds(env.number("CHAT_JWT_MAX_TTL_SECONDS", DEFAULT_MAX_TTL.toSeconds(), 60,
                        365L * 24 * 3600)));
    }
}
