package io.chatengine.common.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.keys.HmacKey;
import org.jose4j.lang.JoseException;

/**
 * Whatever a client presents as a token, the verifier answers with a principal or {@link TokenRejected}, never
 * another exception; and a token changed in any way opens nothing.
 */
class JwtVerifierPropertyTest {
    private static final String SECRET = "0123456789abcdef0123456789abcdef-secret";
    private static final String BASE64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    private final JwtVerifier verifier = new JwtVerifier(new JwtSettings(SECRET.getBytes(StandardCharsets.UTF_8),
            Optional.empty(), Optional.empty()));
    private final String valid = sign("alice");

    @Property(tries = 2_000)
    void anyStringIsRefusedWithTokenRejected(@ForAll String token) {
        assertRefused(token);
    }

    @Property(tries = 2_000)
    void aTokenOfThreeRandomPartsIsRefused(@ForAll("segments") String header, @ForAll("segments") String payload,
                                           @ForAll("segments") String signature) {
        assertRefused(header + "." + payload + "." + signature);
    }

    @Property(tries = 5_000)
    void aMutatedTokenIsRefusedUnlessUnchanged(@ForAll("mutations") String token) {
        if (token.equals(valid)) {
            assertSame(token);
            return;
        }
        // variants with the same bytes (a "=" added, a space inside, stray low bits) are refused too: a token is
        // told by its text
        assertRefused(token);
    }

    @Property(tries = 1_000)
    void aForgedHeaderOrPayloadKeepsNothingOpen(@ForAll("headers") String header, @ForAll("subjects") String subject) {
        String[] parts = valid.split("\\.");
        String forgedPayload = b64(claims(subject).toJson());
        assertRefused(b64(header) + "." + parts[1] + "." + parts[2]);
        if (!subject.equals("alice")) {
            assertRefused(parts[0] + "." + forgedPayload + "." + parts[2]);
        }
        assertRefused(b64(header) + "." + forgedPayload + ".");
    }

    @Provide
    Arbitrary<String> segments() {
        return Arbitraries.oneOf(Arbitraries.strings().withChars(BASE64URL).ofMaxLength(60),
                Arbitraries.strings().ofMaxLength(60).map(JwtVerifierPropertyTest::b64),
                Arbitraries.of("", "e30", "bnVsbA", "W10", "eyJhbGciOiJub25lIn0", "eyJhbGciOiJIUzI1NiJ9"));
    }

    /** The valid token with one to three characters changed, deleted or inserted, or cut short, or doubled. */
    @Provide
    Arbitrary<String> mutations() {
        Arbitrary<String> edit = Combinators.combine(Arbitraries.integers().between(0, valid.length() - 1),
                Arbitraries.integers().between(0, 2), Arbitraries.chars().with((BASE64URL + ".=+/ ").toCharArray()))
                .as((at, how, c) -> edit(valid, at, how, c));
        return Arbitraries.oneOf(edit, edit.map(t -> edit(t, t.length() / 2, 0, 'A')),
                Arbitraries.integers().between(0, valid.length() - 1).map(n -> valid.substring(0, n)),
                Arbitraries.of(valid + "." + valid, valid + ".", " " + valid, valid + "=", valid.replace('.', '_')));
    }

    @Provide
    Arbitrary<String> headers() {
        return Arbitraries.of("{\"alg\":\"none\"}", "{\"alg\":\"None\"}", "{\"alg\":\"HS512\"}", "{\"alg\":\"RS256\"}",
                "{\"alg\":\"ES256\"}", "{\"alg\":\"HS256\",\"crit\":[\"x\"]}", "{\"alg\":\"HS256\",\"zip\":\"DEF\"}",
                "{}", "[]", "null", "{\"alg\":\"HS256\",\"kid\":\"../../etc/passwd\"}", "{\"alg\":\"HS256\",\"jku\":\"http://127.0.0.1/\"}",
                "{\"alg\":\"dir\",\"enc\":\"A128GCM\"}", "{\"alg\":\"HS256\",\"b64\":false,\"crit\":[\"b64\"]}");
    }

    @Provide
    Arbitrary<String> subjects() {
        return Arbitraries.oneOf(Arbitraries.of("alice", "admin", "", "mallory"), Arbitraries.strings().ofMaxLength(40));
    }

    private static String edit(String token, int at, int how, char c) {
        return switch (how) {
            case 0 -> token.substring(0, at) + c + token.substring(Math.min(token.length(), at + 1));
            case 1 -> token.substring(0, at) + token.substring(Math.min(token.length(), at + 1));
            default -> token.substring(0, at) + c + token.substring(at);
        };
    }

    private void assertRefused(String token) {
        try {
            Principal principal = verifier.verify(token);
            fail("accepted for " + principal.subject() + ": " + token);
        } catch (TokenRejected rejected) {
            assertTrue(rejected.code().equals("invalid_token") || rejected.code().equals("token_expired"),
                    rejected.code());
        }
    }

    private void assertSame(String token) {
        try {
            assertEquals("alice", verifier.verify(token).subject());
        } catch (TokenRejected rejected) {
            fail("the valid token was refused: " + rejected.getMessage());
        }
    }

    private static JwtClaims claims(String subject) {
        JwtClaims claims = new JwtClaims();
        claims.setSubject(subject);
        claims.setExpirationTime(NumericDate.fromMilliseconds(Instant.now().plusSeconds(3_600).toEpochMilli()));
        return claims;
    }

    private static String sign(String subject) {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims(subject).toJson());
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.HMAC_SHA256);
        jws.setKey(new HmacKey(SECRET.getBytes(StandardCharsets.UTF_8)));
        try {
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
