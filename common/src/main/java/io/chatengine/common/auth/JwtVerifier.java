package io.chatengine.common.auth;

import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.consumer.ErrorCodes;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.HmacKey;

/**
 * Verifies HS256 tokens signed with the shared secret: signature, algorithm (HS256 only, never "none"),
 * required exp and sub, 30 s clock skew, and iss/aud when configured. Thread-safe.
 */
public final class JwtVerifier {
    public static final int CLOCK_SKEW_SECONDS = 30;
    private final JwtConsumer consumer;

    public JwtVerifier(JwtSettings settings) {
        JwtConsumerBuilder builder = new JwtConsumerBuilder()
                .setRequireExpirationTime()
                .setRequireSubject()
                .setAllowedClockSkewInSeconds(CLOCK_SKEW_SECONDS)
                .setMaxFutureValidityInMinutes((int) Math.ceil(settings.maxTtl().toSeconds() / 60.0))
                .setVerificationKey(new HmacKey(settings.secret()))
                .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT,
                        AlgorithmIdentifiers.HMAC_SHA256);
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
}
