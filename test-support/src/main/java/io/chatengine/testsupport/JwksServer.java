package io.chatengine.testsupport;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.lang.JoseException;

/**
 * An identity provider in the test JVM: a JWKS with one RSA key on a local HTTP server (for CHAT_JWKS_URL), and
 * the RS256 tokens that key signs.
 */
public final class JwksServer implements AutoCloseable {
    public static final String KID = "test-rsa-1";
    private final RsaJsonWebKey key;
    private final HttpServer server;

    private JwksServer(RsaJsonWebKey key, HttpServer server) {
        this.key = key;
        this.server = server;
    }

    public static JwksServer start() {
        try {
            RsaJsonWebKey key = RsaJwkGenerator.generateJwk(2048);
            key.setKeyId(KID);
            byte[] body = new JsonWebKeySet(key).toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY)
                    .getBytes(StandardCharsets.UTF_8);
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/jwks.json", exchange -> {
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            });
            server.start();
            return new JwksServer(key, server);
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/jwks.json";
    }

    /** An RS256 token of this provider's key. */
    public String user(String username) {
        return sign(Tokens.claims(username, Duration.ofHours(1)), KID);
    }

    public String admin() {
        return sign(Tokens.adminClaims(), KID);
    }

    /** Signed with this provider's key, but naming a {@code kid} its JWKS does not hold. */
    public String withUnknownKid(String username) {
        return sign(Tokens.claims(username, Duration.ofHours(1)), "not-" + KID);
    }

    private String sign(JwtClaims claims, String kid) {
        return Tokens.sign(claims, key.getPrivateKey(), AlgorithmIdentifiers.RSA_USING_SHA256, kid);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
