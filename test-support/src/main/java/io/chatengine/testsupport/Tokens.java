package io.chatengine.testsupport;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.keys.HmacKey;
import org.jose4j.lang.JoseException;

/** Mints HS256 tokens for tests, including the broken ones a verifier must refuse. */
public final class Tokens {
    public static final String SECRET = "test-secret-test-secret-test-secret-0123456789";

    private Tokens() {
    }

    public static String user(String username) {
        return sign(claims(username, Duration.ofHours(1)), SECRET);
    }

    public static String admin() {
        JwtClaims claims = claims("ops-admin", Duration.ofHours(1));
        claims.setClaim("role", "admin");
        return sign(claims, SECRET);
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
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.HMAC_SHA256);
        jws.setKey(new HmacKey(secret.getBytes(StandardCharsets.UTF_8)));
        jws.setDoKeyValidation(false);
        try {
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }
}
