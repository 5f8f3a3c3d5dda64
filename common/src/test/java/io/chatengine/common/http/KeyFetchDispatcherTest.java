package io.chatengine.common.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.chatengine.common.auth.HmacSecrets;
import io.chatengine.common.auth.JwksSource;
import io.chatengine.common.auth.JwtSettings;
import io.chatengine.common.auth.JwtVerifier;
import io.chatengine.common.auth.TestTokens;
import io.undertow.Undertow;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Requests whose token may need the JWKS fetched leave the I/O thread; the others stay on it. */
class KeyFetchDispatcherTest {
    private static final String SECRET = "dispatch-secret-dispatch-secret-0123456789";
    private final HttpClient client = HttpClient.newHttpClient();
    private Undertow server;

    @BeforeEach
    void start() {
        JwtVerifier verifier = new JwtVerifier(new JwtSettings(HmacSecrets.shared(SECRET.getBytes(
                StandardCharsets.UTF_8)), Optional.of(new JwksSource(URI.create("http://127.0.0.1:9/jwks.json"),
                Duration.ZERO)), Optional.empty(), Optional.empty(), JwtSettings.DEFAULT_MAX_TTL));
        server = HttpServers.on("127.0.0.1", 0, HttpSettings.DEFAULTS, new KeyFetchDispatcher(verifier,
                exchange -> exchange.getResponseSender().send(exchange.isInIoThread() ? "io" : "worker")));
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    @Test
    void anRs256OrEs256TokenIsServedOnAWorker() throws Exception {
        assertEquals("worker", served(TestTokens.sign(TestTokens.claims("alice", 600),
                TestTokens.rsaKey("rsa-1").getPrivateKey(), AlgorithmIdentifiers.RSA_USING_SHA256, "rsa-1")));
        assertEquals("worker", served(TestTokens.sign(TestTokens.claims("alice", 600),
                TestTokens.ecKey("ec-1").getPrivateKey(), AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256,
                "ec-1")));
    }

    @Test
    void anHs256TokenOrNoneStaysOnTheIoThread() throws Exception {
        assertEquals("io", served(TestTokens.sign(TestTokens.claims("alice", 600), SECRET,
                AlgorithmIdentifiers.HMAC_SHA256)));
        assertEquals("io", served(null));
    }

    private String served(String token) throws Exception {
        int port = ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString()).body();
    }
}
