package io.chatengine.common.auth;

import java.util.Base64;
import java.util.regex.Pattern;
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
    private static final Pattern BASE64URL = Pattern.compile("[A-Za-z0-9_-]*");
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
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
        if (!canonical(token)) {
            throw TokenRejected.invalid("not a compact JWS of three base64url segments without padding");
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
     * Whether the token is exactly three dot-separated segments, each the one base64url text of its bytes (no
     * padding, no other characters, no stray low bits). jose4j decodes leniently, so without this a token's
     * variants (a "=" added, a space inside) would verify too, and a token could not be told by its text.
     */
    static boolean canonical(String token) {
        String[] segments = token.split("\\.", -1);
        if (segments.length != 3) {
            return false;
        }
        for (String segment : segments) {
            if (!BASE64URL.matcher(segment).matches()) {
                return false;
            }
            try {
                if (!ENCODER.encodeToString(DECODER.decode(segment)).equals(segment)) {
                    return false;
                }
            } catch (IllegalArgumentException notBase64) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether verifying this token may wait on the JWKS URL (its keys are fetched on first use, on expiry and
     * for an unknown kid): a caller on an I/O thread moves to a worker first.
     */
    public boolean mayFetchKeys(String token) {
        return token != null && keys.fromJwks(TokenKeys.algorithmOf(token));
    }
}
