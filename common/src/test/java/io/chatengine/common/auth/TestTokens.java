package io.chatengine.common.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.security.Key;
import java.time.Instant;
import java.util.Base64;
import org.jose4j.jwk.EcJwkGenerator;
import org.jose4j.jwk.EllipticCurveJsonWebKey;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.keys.EllipticCurves;
import org.jose4j.keys.HmacKey;
import org.jose4j.lang.JoseException;

/** Signs tokens for the verifier's tests, with any key, algorithm and kid, including ones it must refuse. */
public final class TestTokens {
    private TestTokens() {
    }

    public static JwtClaims claims(String subject, long ttlSeconds) {
        JwtClaims claims = new JwtClaims();
        claims.setSubject(subject);
        claims.setIssuedAt(NumericDate.fromSeconds(Instant.now().getEpochSecond() - 300));
        claims.setExpirationTime(NumericDate.fromSeconds(Instant.now().getEpochSecond() + ttlSeconds));
        return claims;
    }

    public static String sign(JwtClaims claims, Key key, String alg, String kid) throws JoseException {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setAlgorithmHeaderValue(alg);
        jws.setKey(key);
        jws.setDoKeyValidation(false);
        if (kid != null) {
            jws.setKeyIdHeaderValue(kid);
        }
        return jws.getCompactSerialization();
    }

    public static String sign(JwtClaims claims, String secret, String alg) throws JoseException {
        return sign(claims, hmac(secret), alg, null);
    }

    public static RsaJsonWebKey rsaKey(String kid) throws JoseException {
        RsaJsonWebKey key = RsaJwkGenerator.generateJwk(2048);
        key.setKeyId(kid);
        return key;
    }

    public static EllipticCurveJsonWebKey ecKey(String kid) throws JoseException {
        EllipticCurveJsonWebKey key = EcJwkGenerator.generateJwk(EllipticCurves.P256);
        key.setKeyId(kid);
        return key;
    }

    public static HmacKey hmac(String secret) {
        return new HmacKey(secret.getBytes(StandardCharsets.UTF_8));
    }

    /** An unsigned token: {@code alg} none, with the given header. */
    public static String unsigned(String headerJson, JwtClaims claims) {
        return b64(headerJson) + "." + b64(claims.toJson()) + ".";
    }

    public static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    public static void assertInvalid(JwtVerifier verifier, String token) {
        TokenRejected rejected = assertThrows(TokenRejected.class,
                () -> verifier.verify(token));
        assertEquals("invalid_token", rejected.code(), rejected.getMessage());
    }
}
