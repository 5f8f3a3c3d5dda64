package io.chatengine.gateway.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatengine.common.auth.JwtSettings;
import io.chatengine.common.auth.JwtVerifier;
import io.chatengine.common.http.AllowedOrigins;
import io.chatengine.common.http.HttpJson;
import io.chatengine.common.users.Accounts;
import io.chatengine.gateway.ws.SocketHandler;
import io.chatengine.testsupport.FixedAccounts;
import io.chatengine.testsupport.HttpCalls;
import io.chatengine.testsupport.Tokens;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.undertow.Undertow;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The handshake's checks, in their order, on a real listener; what passes them reaches the upgrade, which here
 * answers 200 with what the handshake attached instead of upgrading.
 */
class HandshakeTest {
    private static final Map<String, Accounts.Status> ACCOUNTS = Map.of("alice", Accounts.Status.ACTIVE,
            "dora", Accounts.Status.DEACTIVATED, "busy", Accounts.Status.ACTIVE);
    private final AtomicBoolean accepting = new AtomicBoolean(true);
    private Undertow server;

    @BeforeEach
    void start() {
        Accounts accounts = FixedAccounts.of(ACCOUNTS);
        JwtVerifier verifier = new JwtVerifier(new JwtSettings(Tokens.SECRET.getBytes(StandardCharsets.UTF_8),
                Optional.empty(), Optional.empty()));
        Handshake handshake = new Handshake(verifier, accounts, accepting::get, exchange ->
                exchange.getResponseSender().send(exchange.getAttachment(SocketHandler.PRINCIPAL).subject() + " since "
                        + exchange.getAttachment(SocketHandler.SINCE)),
                new SimpleMeterRegistry(), user -> user.equals("busy") ? 2 : 0, 2, new AddressRate(1_000),
                AllowedOrigins.of("https://app.example.com"));
        server = Undertow.builder().addHttpListener(0, "127.0.0.1").setHandler(handshake).build();
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    @Test
    void anActiveUserWithAValidTokenReachesTheUpgradeWithWhoAndSince() {
        HttpResponse<String> response = HttpCalls.get(url("?since=41"), Tokens.user("alice"));
        assertEquals(200, response.statusCode());
        assertEquals("alice since 41", response.body());
        assertEquals("alice since null", HttpCalls.get(url(""), Tokens.user("alice")).body());
    }

    @Test
    void everyRefusalHasItsStatusAndCode() throws Exception {
        assertRefused(HttpCalls.get(url(""), null), 401, "invalid_token");
        assertRefused(HttpCalls.get(url(""), Tokens.expired("alice")), 401, "token_expired");
        assertRefused(HttpCalls.get(url("?since=-1"), Tokens.user("alice")), 400, "bad_request");
        assertRefused(HttpCalls.get(url(""), Tokens.user("nobody")), 403, "unknown_user");
        assertRefused(HttpCalls.get(url(""), Tokens.user("dora")), 403, "unknown_user");
        assertRefused(HttpCalls.get(url(""), Tokens.user("busy")), 429, "too_many_connections");
        assertRefused(HttpCalls.send("GET", url(""), Tokens.user("alice"), null, "Origin", "https://evil.example"),
                403, "forbidden_origin");
        assertEquals(200, HttpCalls.send("GET", url(""), Tokens.user("alice"), null, "Origin",
                "https://app.example.com").statusCode(), "an allowed origin");
    }

    @Test
    void theOriginIsCheckedBeforeTheTokenAndAStoppingGatewayRefusesEveryone() throws Exception {
        assertRefused(HttpCalls.send("GET", url(""), null, null, "Origin", "https://evil.example"),
                403, "forbidden_origin");
        accepting.set(false);
        assertRefused(HttpCalls.get(url(""), Tokens.user("alice")), 503, "unavailable");
    }

    private String url(String query) {
        return "http://127.0.0.1:" + ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort()
                + "/ws" + query;
    }

    private static void assertRefused(HttpResponse<String> response, int status, String code) throws Exception {
        assertEquals(status, response.statusCode(), response.body());
        JsonNode body = HttpJson.MAPPER.readTree(response.body());
        assertEquals(code, body.path("error").asText(), response.body());
    }
}
