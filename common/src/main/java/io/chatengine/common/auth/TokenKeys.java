package io.chatengine.common.auth;

import java.security.Key;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.jose4j.http.Get;
import org.jose4j.jwk.HttpsJwks;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwx.JsonWebStructure;
import org.jose4j.keys.HmacKey;
import org.jose4j.keys.resolvers.HttpsJwksVerificationKeyResolver;
import org.jose4j.keys.resolvers.VerificationKeyResolver;
import org.jose4j.lang.JoseException;
import org.jose4j.lang.UnresolvableKeyException;

/**
 * Picks the key a token is checked with by its {@code alg} header: HS256 from the HMAC secrets, RS256 and ES256
 * from the JWKS. The algorithm decides the source, so a public key of the JWKS is never taken for an HMAC secret
 * (algorithm confusion) and an HS256 token never reaches a JWKS key.
 */
final class TokenKeys implements VerificationKeyResolver {
    static final String HMAC = AlgorithmIdentifiers.HMAC_SHA256;
    static final Set<String> JWKS_ALGORITHMS = Set.of(AlgorithmIdentifiers.RSA_USING_SHA256,
            AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256);
    /** An identity provider that is slow or down costs a handshake a few seconds at most, not minutes. */
    private static final int CONNECT_TIMEOUT_MS = 2_000;
    private static final int READ_TIMEOUT_MS = 5_000;
    /** How long the last keys fetched keep serving while the JWKS URL cannot be reached. */
    private static final long RETAIN_ON_ERROR_SECONDS = 3_600;
    private final HmacSecrets secrets;
    private final Optional<HttpsJwksVerificationKeyResolver> jwks;

    TokenKeys(HmacSecrets secrets, Optional<JwksSource> jwks) {
        this.secrets = secrets;
        this.jwks = jwks.map(TokenKeys::resolver);
    }

    /** The algorithms some configured key can verify. */
    String[] algorithms() {
        Set<String> algorithms = new TreeSet<>();
        if (!secrets.isEmpty()) {
            algorithms.add(HMAC);
        }
        if (jwks.isPresent()) {
            algorithms.addAll(JWKS_ALGORITHMS);
        }
        return algorithms.toArray(String[]::new);
    }

    /** Whether a token with this {@code alg} is checked against the JWKS, which may mean fetching it. */
    boolean fromJwks(String algorithm) {
        return jwks.isPresent() && JWKS_ALGORITHMS.contains(algorithm);
    }

    @Override
    public Key resolveKey(JsonWebSignature jws, List<JsonWebStructure> nesting) throws UnresolvableKeyException {
        String algorithm = jws.getAlgorithmHeaderValue();
        if (HMAC.equals(algorithm)) {
            String kid = jws.getKeyIdHeaderValue();
            return secrets.forKid(kid).map(HmacKey::new).orElseThrow(() -> new UnresolvableKeyException(
                    "no HS256 secret for " + (kid == null ? "a token without kid" : "kid '" + kid + "'")));
        }
        if (fromJwks(algorithm)) {
            return jwks.get().resolveKey(jws, nesting);
        }
        throw new UnresolvableKeyException("algorithm " + algorithm + " is not accepted");
    }

    private static HttpsJwksVerificationKeyResolver resolver(JwksSource source) {
        Get get = new Get();
        get.setConnectTimeout(CONNECT_TIMEOUT_MS);
        get.setReadTimeout(READ_TIMEOUT_MS);
        get.setRetries(0);
        HttpsJwks keys = new HttpsJwks(source.url().toString());
        keys.setSimpleHttpGet(get);
        keys.setRefreshReprieveThreshold(source.minRefreshInterval().toMillis());
        keys.setRetainCacheOnErrorDuration(RETAIN_ON_ERROR_SECONDS);
        return new HttpsJwksVerificationKeyResolver(keys);
    }

    /** The {@code alg} header of a compact token, or "" when it has none or is not one. */
    static String algorithmOf(String token) {
        try {
            String algorithm = JsonWebStructure.fromCompactSerialization(token).getAlgorithmHeaderValue();
            return algorithm == null ? "" : algorithm;
        } catch (JoseException | RuntimeException e) {
            return "";
        }
    }
}
