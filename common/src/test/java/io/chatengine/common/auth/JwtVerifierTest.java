package io.chatengine.common.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.lang.JoseException;
import org.junit.jupiter.api.Test;

class JwtVerifierTest {
    private static final String SECRET = "0123456789abcdef0123456789abcdef-secret";
    private final JwtVerifier verifier = new JwtVerifier(settings(Optional.empty(), Optional.empty()));

    @Test
    void acceptsAValidUserToken() throws Exception {
        Principal principal = verifier.verify(sign(claims("alice", 600), SECRET, AlgorithmIdentifiers.HMAC_SHA256));
        assertEquals("alice", principal.subject());
        assertFalse(principal.admin());
    }

    @Test
    void recognisesAnAdminToken() throws Exception {
        JwtClaims claims = claims("root", 600);
        claims.setClaim("role", "admin");
        assertTrue(verifier.verify(sign(claims, SECRET, AlgorithmIdentifiers.HMAC_SHA256)).admin());
    }

    @Test
    void refusesAVariantOfAValidTokenThatDecodesToTheSameBytes() throws Exception {
        String valid = sign(claims("alice", 600), SECRET, AlgorithmIdentifiers.HMAC_SHA256);
        assertEquals("alice", verifier.verify(valid).subject());
        String[] parts = valid.split("\\.");
        assertInvalid(valid + "=");
        assertInvalid(parts[0] + ". " + parts[1] + "." + parts[2]);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        char last = parts[2].charAt(parts[2].length() - 1); // of 43 characters for 32 bytes: its 2 low bits unused
        String strayBits = parts[2].substring(0, parts[2].length() - 1) + alphabet.charAt(alphabet.indexOf(last) ^ 1);
        assertInvalid(parts[0] + "." + parts[1] + "." + strayBits);
        assertInvalid(valid + ".");
    }

    @Test
    void refusesAlgNone() {
        assertInvalid(TestTokens.unsigned("{\"alg\":\"none\",\"typ\":\"JWT\"}", claims("alice", 600)));
    }

    @Test
    void refusesAnotherHmacAlgorithm() throws Exception {
        assertInvalid(sign(claims("alice", 600), SECRET + SECRET, AlgorithmIdentifiers.HMAC_SHA512));
    }

    @Test
    void refusesABadSignature() throws Exception {
        assertInvalid(sign(claims("alice", 600), "another-secret-another-secret-another", AlgorithmIdentifiers.HMAC_SHA256));
    }

    @Test
    void refusesATamperedPayload() throws Exception {
        String[] parts = sign(claims("alice", 600), SECRET, AlgorithmIdentifiers.HMAC_SHA256).split("\\.");
        String forged = TestTokens.b64(claims("mallory", 600).toJson());
        assertInvalid(parts[0] + "." + forged + "." + parts[2]);
    }

    @Test
    void refusesAnExpiredTokenAsExpired() throws Exception {
        TokenRejected rejected = assertThrows(TokenRejected.class,
                () -> verifier.verify(sign(claims("alice", -120), SECRET, AlgorithmIdentifiers.HMAC_SHA256)));
        assertEquals("token_expired", rejected.code());
    }

    @Test
    void refusesATokenThatLivesLongerThanTheMaximum() throws Exception {
        assertEquals("alice", verifier.verify(sign(claims("alice", 23 * 3600), SECRET,
                AlgorithmIdentifiers.HMAC_SHA256)).subject(), "under the default day");
        assertInvalid(sign(claims("alice", 25 * 3600), SECRET, AlgorithmIdentifiers.HMAC_SHA256));
        JwtVerifier hourly = new JwtVerifier(new JwtSettings(SECRET.getBytes(StandardCharsets.UTF_8),
                Optional.empty(), Optional.empty(), Duration.ofHours(1)));
        assertInvalid(hourly, sign(claims("alice", 2 * 3600), SECRET, AlgorithmIdentifiers.HMAC_SHA256));
    }

    @Test
    void allowsThirtySecondsOfClockSkew() throws Exception {
        assertEquals("alice", verifier.verify(sign(claims("alice", -10), SECRET, AlgorithmIdentifiers.HMAC_SHA256))
                .subject());
    }

    @Test
    void refusesAMissingExp() throws Exception {
        JwtClaims claims = new JwtClaims();
        claims.setSubject("alice");
        claims.setIssuedAtToNow();
        assertInvalid(sign(claims, SECRET, AlgorithmIdentifiers.HMAC_SHA256));
    }

    @Test
    void refusesAMissingSub() throws Exception {
        JwtClaims claims = claims("alice", 600);
        claims.unsetClaim("sub");
        assertInvalid(sign(claims, SECRET, AlgorithmIdentifiers.HMAC_SHA256));
    }

    @Test
    void refusesMalformedTokens() {
        assertInvalid("not-a-token");
        assertInvalid("a.b.c");
        assertInvalid("");
        assertInvalid(null);
    }

    @Test
    void enforcesIssuerWhenConfigured() throws Exception {
        JwtVerifier strict = new JwtVerifier(settings(Optional.of("chat"), Optional.empty()));
        JwtClaims good = claims("alice", 600);
        good.setIssuer("chat");
        assertEquals("alice", strict.verify(sign(good, SECRET, AlgorithmIdentifiers.HMAC_SHA256)).subject());
        JwtClaims wrong = claims("alice", 600);
        wrong.setIssuer("elsewhere");
        assertInvalid(strict, sign(wrong, SECRET, AlgorithmIdentifiers.HMAC_SHA256));
        assertInvalid(strict, sign(claims("alice", 600), SECRET, AlgorithmIdentifiers.HMAC_SHA256));
    }

    @Test
    void enforcesAudienceWhenConfigured() throws Exception {
        JwtVerifier strict = new JwtVerifier(settings(Optional.empty(), Optional.of("chat-clients")));
        JwtClaims good = claims("alice", 600);
        good.setAudience("chat-clients");
        assertEquals("alice", strict.verify(sign(good, SECRET, AlgorithmIdentifiers.HMAC_SHA256)).subject());
        JwtClaims wrong = claims("alice", 600);
        wrong.setAudience("someone-else");
        assertInvalid(strict, sign(wrong, SECRET, AlgorithmIdentifiers.HMAC_SHA256));
    }

    @Test
    void ignoresAudienceWhenNotConfigured() throws Exception {
        JwtClaims claims = claims("alice", 600);
        claims.setAudience("anything");
        assertEquals("alice", verifier.verify(sign(claims, SECRET, AlgorithmIdentifiers.HMAC_SHA256)).subject());
    }

    private void assertInvalid(String token) {
        assertInvalid(verifier, token);
    }

    private static void assertInvalid(JwtVerifier verifier, String token) {
        TestTokens.assertInvalid(verifier, token);
    }

    private static JwtSettings settings(Optional<String> issuer, Optional<String> audience) {
        return new JwtSettings(SECRET.getBytes(StandardCharsets.UTF_8), issuer, audience);
    }

    private static JwtClaims claims(String subject, long ttlSeconds) {
        return TestTokens.claims(subject, ttlSeconds);
    }

    private static String sign(JwtClaims claims, String secret, String alg) throws JoseException {
        return TestTokens.sign(claims, secret, alg);
    }
}
