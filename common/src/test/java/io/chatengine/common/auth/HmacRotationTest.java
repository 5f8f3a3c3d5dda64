package io.chatengine.common.auth;

import static io.chatengine.common.auth.TestTokens.assertInvalid;
import static io.chatengine.common.auth.TestTokens.claims;
import static io.chatengine.common.auth.TestTokens.hmac;
import static io.chatengine.common.auth.TestTokens.sign;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.lang.JoseException;
import org.junit.jupiter.api.Test;

/** HS256 secrets named by kid (CHAT_JWT_SECRETS) beside the shared one (CHAT_JWT_SECRET). */
class HmacRotationTest {
    private static final String SHARED = "shared-secret-shared-secret-0123456789";
    private static final String OLD = "old-secret-old-secret-old-secret-0123456789";
    private static final String NEW = "new-secret-new-secret-new-secret-0123456789";
    private final JwtVerifier both = verifier(Optional.of(SHARED), Map.of("old", OLD, "new", NEW));

    @Test
    void aTokenWithAListedKidVerifiesWithThatSecret() throws Exception {
        assertEquals("alice", both.verify(hs256(OLD, "old")).subject());
        assertEquals("alice", both.verify(hs256(NEW, "new")).subject());
    }

    @Test
    void aListedKidDoesNotOpenTheOtherSecrets() throws Exception {
        assertInvalid(both, hs256(NEW, "old"));
        assertInvalid(both, hs256(SHARED, "old"));
    }

    @Test
    void aTokenWithoutKidVerifiesWithTheSharedSecretOnly() throws Exception {
        assertEquals("alice", both.verify(hs256(SHARED, null)).subject());
        assertInvalid(both, hs256(OLD, null));
    }

    @Test
    void anUnknownKidIsCheckedWithTheSharedSecret() throws Exception {
        assertEquals("alice", both.verify(hs256(SHARED, "issuer-key-7")).subject());
        assertInvalid(both, hs256(OLD, "issuer-key-7"));
    }

    @Test
    void withoutASharedSecretATokenMustNameAListedKid() throws Exception {
        JwtVerifier namedOnly = verifier(Optional.empty(), Map.of("new", NEW));
        assertEquals("alice", namedOnly.verify(hs256(NEW, "new")).subject());
        assertInvalid(namedOnly, hs256(NEW, null));
        assertInvalid(namedOnly, hs256(NEW, "unknown"));
    }

    @Test
    void aSecretTakenOffTheListNoLongerVerifiesItsTokens() throws Exception {
        String oldToken = hs256(OLD, "old");
        assertEquals("alice", both.verify(oldToken).subject());
        assertInvalid(verifier(Optional.of(SHARED), Map.of("new", NEW)), oldToken);
    }

    @Test
    void algNoneIsRefusedWhateverKidItNames() {
        assertInvalid(both, TestTokens.unsigned("{\"alg\":\"none\",\"kid\":\"old\"}", claims("alice", 600)));
        assertInvalid(both, TestTokens.unsigned("{\"alg\":\"none\"}", claims("alice", 600)));
    }

    @Test
    void anotherHmacAlgorithmWithAListedKidIsRefused() throws Exception {
        assertInvalid(both, sign(claims("alice", 600), hmac(OLD + OLD), AlgorithmIdentifiers.HMAC_SHA512, "old"));
    }

    @Test
    void anRsaOrEcTokenIsRefusedWithoutAJwks() throws Exception {
        assertInvalid(both, sign(claims("alice", 600), TestTokens.rsaKey("rsa").getPrivateKey(),
                AlgorithmIdentifiers.RSA_USING_SHA256, "rsa"));
        assertInvalid(both, sign(claims("alice", 600), TestTokens.ecKey("ec").getPrivateKey(),
                AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256, "ec"));
    }

    private static String hs256(String secret, String kid) throws JoseException {
        return sign(claims("alice", 600), hmac(secret), AlgorithmIdentifiers.HMAC_SHA256, kid);
    }

    private static JwtVerifier verifier(Optional<String> shared, Map<String, String> named) {
        Map<String, byte[]> byKid = new HashMap<>();
        named.forEach((kid, secret) -> byKid.put(kid, secret.getBytes(StandardCharsets.UTF_8)));
        return new JwtVerifier(new JwtSettings(new HmacSecrets(shared.map(s -> s.getBytes(StandardCharsets.UTF_8)),
                byKid), Optional.empty(), Optional.empty(), Optional.empty(), JwtSettings.DEFAULT_MAX_TTL));
    }
}
