package io.chatengine.testsupport;

import java.nio.charset.StandardCharsets;
import java.security.Key;
import java.time.Duration;
import java.time.Instant;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.keys.HmacKey;
import org.jose4j.lang.JoseException;

/** Mints tokens for tests (HS256 with the test secret, or any key), including the broken ones a verifier must refuse. */
public final class Tokens {
    public static final String SECRET = "test-secret-test-secret-test-secret-0123456789";

    private Tokens() {
    }

    public static String user(String username) {
        return sign(claims(username, Duration.ofHours(1)), SECRET);
    }

    public static String admin() {
        return sign(adminClaims(), SECRET);
    }

    public static JwtClaims adminClaims() {
        JwtClaims claims = claims("ops-admin", Duration.ofHours(1));
        claims.setClaim("role", "admin");
        return claims;
    }

    public static String expired(String username) {
        return sign(claims(username, Duration.ofMinutes(-5)), SECRET);
    }

    public static JwtClaims claims(String subject, Duration ttl) {
        JwtClaims claims = new JwtClaims();
        claims.setSubject(subject);
        claims.setIssuedAtToNow();
        claims.setExpirationTime(NumericDate.fromMilliseconds(Instant.now().plus(ttl).toEpochMilli()));
        return claims;
    }

    public static String sign(JwtClaims claims, String secret) {
        return sign(claims, new HmacKey(secret.getBytes(StandardCharsets.UTF_8)), AlgorithmIdentifiers.HMAC_SHA256,
                null);
    }

    /** Signs with any key and algorithm, with {@code kid} in the header unless it is null. */
    public static String sign(JwtClaims claims, Key key, String algorithm, String kid) {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setAlgorithmHeaderValue(algorithm);
        jws.setKey(key);
        jws.setDoKeyValidation(false);
        if (kid != null) {
            jws.setKeyIdHeaderValue(kid);
        }
        try {
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }
}
