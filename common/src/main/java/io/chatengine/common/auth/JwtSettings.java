package io.chatengine.common.auth;

import io.chatengine.common.config.ConfigException;
import io.chatengine.common.config.Env;
import java.time.Duration;
import java.util.Optional;

/**
 * The keys tokens are signed with (HS256 secrets, a JWKS URL for RS256 and ES256, or both) and the optional
 * issuer and audience every token must carry.
 *
 * @param secrets  CHAT_JWT_SECRET and CHAT_JWT_SECRETS
 * @param jwks     CHAT_JWKS_URL, when set
 * @param issuer   CHAT_JWT_ISSUER, enforced when set
 * @param audience CHAT_JWT_AUDIENCE, enforced when set
 * @param maxTtl   CHAT_JWT_MAX_TTL_SECONDS: a token whose {@code exp} lies further ahead is refused, so that a
 *                 token leaked or minted by mistake cannot live for months
 */
public record JwtSettings(HmacSecrets secrets, Optional<JwksSource> jwks, Optional<String> issuer,
                          Optional<String> audience, Duration maxTtl) {
    public static final int MIN_SECRET_BYTES = HmacSecrets.MIN_SECRET_BYTES;
    public static final Duration DEFAULT_MAX_TTL = Duration.ofDays(1);

    /** Only the shared HS256 secret. */
    public JwtSettings(byte[] secret, Optional<String> issuer, Optional<String> audience, Duration maxTtl) {
        this(HmacSecrets.shared(secret), Optional.empty(), issuer, audience, maxTtl);
    }

    public JwtSettings(byte[] secret, Optional<String> issuer, Optional<String> audience) {
        this(secret, issuer, audience, DEFAULT_MAX_TTL);
    }

    public JwtSettings {
        if (secrets.isEmpty() && jwks.isEmpty()) {
            throw new ConfigException("CHAT_JWT_SECRET is not set: the shared HS256 secret (at least "
                    + MIN_SECRET_BYTES + " bytes) that signs tokens; or set CHAT_JWT_SECRETS (kid=secret pairs) "
                    + "or CHAT_JWKS_URL");
        }
    }

    public static JwtSettings from(Env env) {
        return new JwtSettings(HmacSecrets.from(env), JwksSource.from(env),
                env.optional("CHAT_JWT_ISSUER"), env.optional("CHAT_JWT_AUDIENCE"),
                Duration.ofSeconds(env.number("CHAT_JWT_MAX_TTL_SECONDS", DEFAULT_MAX_TTL.toSeconds(), 60,
                        365L * 24 * 3600)));
    }
}
