package io.chatengine.common.auth;

import static io.chatengine.common.auth.TestTokens.assertInvalid;
import static io.chatengine.common.auth.TestTokens.claims;
import static io.chatengine.common.auth.TestTokens.sign;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.jose4j.jwk.EllipticCurveJsonWebKey;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.keys.HmacKey;
import org.jose4j.lang.JoseException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * RS256 and ES256 tokens checked against a JWKS served from a local HTTP server whose keys rotate while the
 * verifier runs, beside HS256 tokens with the shared secret.
 */
class JwksVerificationTest {
    private static final String SECRET = "jwks-test-secret-jwks-test-secret-0123";
    private final AtomicReference<String> published = new AtomicReference<>("{\"keys\":[]}");
    private final AtomicInteger fetches = new AtomicInteger();
    private static RsaJsonWebKey rsa1;
    private static EllipticCurveJsonWebKey ec1;
    private static RsaJsonWebKey rsa2;
    private static EllipticCurveJsonWebKey ec2;
    private HttpServer server;

    /** Key generation is the slow part: once for the class. */
    @BeforeAll
    static void makeKeys() throws JoseException {
        rsa1 = TestTokens.rsaKey("rsa-1");
        ec1 = TestTokens.ecKey("ec-1");
        rsa2 = TestTokens.rsaKey("rsa-2");
        ec2 = TestTokens.ecKey("ec-2");
    }

    @BeforeEach
    void serveTheJwks() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/jwks.json", exchange -> {
            fetches.incrementAndGet();
            byte[] body = published.get().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        publish(rsa1, ec1);
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void verifiesRs256AndEs256TokensAndFetchesTheKeysOnce() throws Exception {
        JwtVerifier verifier = verifier(Duration.ZERO);
        for (int i = 0; i < 3; i++) {
            assertEquals("alice", verifier.verify(rs256(rsa1)).subject());
            assertEquals("bob", verifier.verify(es256(ec1, "bob")).subject());
        }
        assertEquals(1, fetches.get(), "the set is cached");
        assertEquals("carol", verifier.verify(sign(claims("carol", 600), TestTokens.hmac(SECRET),
                AlgorithmIdentifiers.HMAC_SHA256, null)).subject(), "HS256 with the shared secret beside");
    }

    @Test
    void aRotatedKeyVerifiesAfterTheRefreshAndARemovedOneIsRefused() throws Exception {
        JwtVerifier verifier = verifier(Duration.ZERO);
        assertEquals("alice", verifier.verify(rs256(rsa1)).subject());
        assertEquals("bob", verifier.verify(es256(ec1, "bob")).subject());
        publish(rsa2, ec2);

        assertEquals("alice", verifier.verify(rs256(rsa2)).subject(), "unknown kid rsa-2 fetches the set again");
        assertEquals("bob", verifier.verify(es256(ec2, "bob")).subject());
        assertEquals(2, fetches.get());
        assertInvalid(verifier, rs256(rsa1));
        assertInvalid(verifier, es256(ec1, "bob"));
    }

    @Test
    void madeUpKidsFetchTheSetAtMostOncePerInterval() throws Exception {
        JwtVerifier verifier = verifier(Duration.ofHours(1));
        assertEquals("alice", verifier.verify(rs256(rsa1)).subject());
        for (int i = 0; i < 20; i++) {
            assertInvalid(verifier, sign(claims("alice", 600), rsa1.getPrivateKey(),
                    AlgorithmIdentifiers.RSA_USING_SHA256, "made-up-" + i));
        }
        assertEquals(1, fetches.get());
    }

    @Test
    void aTokenSignedWithAnotherKeyUnderAKnownKidIsRefused() throws Exception {
        assertInvalid(verifier(Duration.ZERO), sign(claims("alice", 600), rsa2.getPrivateKey(),
                AlgorithmIdentifiers.RSA_USING_SHA256, "rsa-1"));
        assertInvalid(verifier(Duration.ZERO), sign(claims("alice", 600), ec2.getPrivateKey(),
                AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256, "ec-1"));
    }

    @Test
    void anHs256TokenSignedWithAJwksPublicKeyIsRefused() throws Exception {
        JwtVerifier verifier = verifier(Duration.ZERO);
        assertEquals("alice", verifier.verify(rs256(rsa1)).subject());
        byte[] der = rsa1.getPublicKey().getEncoded();
        String pem = "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder().encodeToString(der)
                + "\n-----END PUBLIC KEY-----\n";
        for (HmacKey publicAsSecret : new HmacKey[] {new HmacKey(der),
                new HmacKey(pem.getBytes(StandardCharsets.UTF_8)),
                new HmacKey(rsa1.toJson().getBytes(StandardCharsets.UTF_8))}) {
            assertInvalid(verifier, sign(claims("alice", 600), publicAsSecret, AlgorithmIdentifiers.HMAC_SHA256,
                    "rsa-1"));
            assertInvalid(verifier, sign(claims("alice", 600), publicAsSecret, AlgorithmIdentifiers.HMAC_SHA256,
                    null));
        }
    }

    @Test
    void aKeyOfTheOtherTypeIsNotTakenForTheAlgorithm() throws Exception {
        JwtVerifier verifier = verifier(Duration.ZERO);
        assertInvalid(verifier, sign(claims("alice", 600), rsa1.getPrivateKey(),
                AlgorithmIdentifiers.RSA_USING_SHA256, "ec-1"));
        assertInvalid(verifier, sign(claims("alice", 600), rsa1.getPrivateKey(),
                AlgorithmIdentifiers.RSA_PSS_USING_SHA256, "rsa-1"));
        assertInvalid(verifier, sign(claims("alice", 600), rsa1.getPrivateKey(),
                AlgorithmIdentifiers.RSA_USING_SHA512, "rsa-1"));
    }

    @Test
    void algNoneNamingAJwksKeyIsRefused() {
        assertInvalid(verifier(Duration.ZERO),
                TestTokens.unsigned("{\"alg\":\"none\",\"kid\":\"rsa-1\"}", claims("alice", 600)));
    }

    @Test
    void onlyTokensCheckedAgainstTheJwksMayFetch() throws Exception {
        JwtVerifier verifier = verifier(Duration.ZERO);
        assertTrue(verifier.mayFetchKeys(rs256(rsa1)));
        assertTrue(verifier.mayFetchKeys(es256(ec1, "bob")));
        assertFalse(verifier.mayFetchKeys(sign(claims("carol", 600), TestTokens.hmac(SECRET),
                AlgorithmIdentifiers.HMAC_SHA256, null)));
        assertFalse(verifier.mayFetchKeys("not-a-token"));
        assertFalse(verifier.mayFetchKeys(null));
        assertEquals(0, fetches.get());
    }

    private void publish(JsonWebKey... keys) {
        published.set(new JsonWebKeySet(keys).toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY));
    }

    private JwtVerifier verifier(Duration minRefreshInterval) {
        URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/jwks.json");
        return new JwtVerifier(new JwtSettings(HmacSecrets.shared(SECRET.getBytes(StandardCharsets.UTF_8)),
                Optional.of(new JwksSource(url, minRefreshInterval)), Optional.empty(), Optional.empty(),
                JwtSettings.DEFAULT_MAX_TTL));
    }

    private static String rs256(PublicJsonWebKey key) throws JoseException {
        return sign(claims("alice", 600), key.getPrivateKey(), AlgorithmIdentifiers.RSA_USING_SHA256, key.getKeyId());
    }

    private static String es256(PublicJsonWebKey key, String subject) throws JoseException {
        return sign(claims(subject, 600), key.getPrivateKey(), AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256,
                key.getKeyId());
    }
}
