package io.chatengine.common.auth;

import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.consumer.ErrorCodes;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;

/**
 * Verifies tokens: signature (HS256 with the secrets, RS256 and ES256 with the JWKS; never "none"), required exp
 * and sub, 30 s clock skew, a lifetime of at most the configured maximum, and iss/aud when configured.
 * Thread-safe.
 */
public final class JwtVerifier {
    public static final int CLOCK_SKEW_SECONDS = 30;
    private final TokenKeys keys;
    private final JwtConsumer consumer;

    public JwtVerifier(JwtSettings settings) {
        this.keys = new TokenKeys(settings.secrets(), settings.jwks());
        JwtConsumerBuilder builder = new JwtConsumerBuilder()
                .setRequireExpirationTime()
                .setRequireSubject()
                .setAllowedClockSkewInSeconds(CLOCK_SKEW_SECONDS)
                .setMaxFutureValidityInMinutes((int) Math.ceil(settings.maxTtl().toSeconds() / 60.0))
                .setVerificationKeyResolver(keys)
                .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT, keys.algorithms());
        settings.issuer().ifPresent(builder::setExpectedIssuer);
        settings.audience().ifPresentOrElse(builder::setExpectedAudience,
                builder::setSkipDefaultAudienceValidation);
        this.consumer = builder.build();
    }

    public Principal verify(String token) throws TokenRejected {
        if (token == null || token.isBlank()) {
            throw TokenRejected.invalid("no token");
        }
        try {
            JwtClaims claims = consumer.processToClaims(token);
            return new Principal(claims.getSubject(), "admin".equals(claims.getClaimValue("role")),
                    claims.getExpirationTime().getValueInMillis());
        } catch (InvalidJwtException e) {
            if (e.hasErrorCode(ErrorCodes.EXPIRED)) {
                throw TokenRejected.expired("token expired: " + e.getOriginalMessage());
            }
            throw TokenRejected.invalid(e.getOriginalMessage());
        } catch (MalformedClaimException e) {
            throw TokenRejected.invalid("malformed claim: " + e.getMessage());
        }
    }

    /**
     * Whether verifying this token may wait on the JWKS URL (its keys are fetched on first use, on expiry and
     * for an unknown kid): a caller on an I/O thread moves to a worker first.
     */
    public boolean mayFetchKeys(String token) {
        return token != null && keys.fromJwks(TokenKeys.algorithmOf(token));
    }
}
