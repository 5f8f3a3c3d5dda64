package io.chatengine.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatengine.system.ServiceProcess.Kind;
import io.chatengine.testsupport.HttpCalls;
import io.chatengine.testsupport.Tokens;
import java.io.IOException;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What a gateway and a query-api refuse at their edge, started as a deployment starts them: handshakes over the
 * per-address rate, pages of origins not allowed, heads over the header limit; and health and metrics only on
 * the ops port.
 */
class EdgeLimitsIT {
    private static final String PAGE = "http://page.example";
    private static ServiceProcess gateway;
    private static ServiceProcess query;

    @BeforeAll
    static void start() throws IOException {
        var state = Files.createTempDirectory("system-edges");
        String suffix = UUID.randomUUID().toString().substring(0, 6);
        gateway = ServiceProcess.start(Kind.GATEWAY, "gw-edges-" + suffix, state, Map.of(
                "CHAT_HANDSHAKE_RATE_PER_SECOND", "2",
                "CHAT_OPS_PORT", Integer.toString(ServiceProcess.freePort())));
        query = ServiceProcess.start(Kind.QUERY, "query-edges-" + suffix, state, Map.of("CHAT_ALLOWED_ORIGINS", PAGE));
    }

    @AfterAll
    static void stop() {
        for (ServiceProcess service : new ServiceProcess[] {gateway, query}) {
            if (service != null) {
                service.close();
            }
        }
    }

    @Test
    void handshakesAreRefusedFromOtherOriginsAndBeyondTheRatePerAddress() throws Exception {
        HttpResponse<String> foreign = handshake("http://evil.example");
        assertEquals(403, foreign.statusCode(), foreign.body());
        assertEquals("forbidden_origin", Json.parse(foreign.body()).path("error").asText());
        assertEquals(401, handshake(gateway.httpUrl()).statusCode(), "its own origin passes on to the token");
        assertEquals(401, handshake(null).statusCode(), "no Origin (not a browser) passes on to the token");

        Thread.sleep(2_100); // the bucket is full again: 4 at once, then 2 a second
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            HttpResponse<String> response = handshake(null);
            statuses.add(response.statusCode());
            if (response.statusCode() == 429) {
                assertEquals("rate_limited", Json.parse(response.body()).path("error").asText());
            }
        }
        assertEquals(List.of(401, 401, 401, 401), statuses.subList(0, 4), "a burst of twice the rate passes");
        assertTrue(statuses.stream().filter(s -> s == 429).count() >= 5, statuses.toString());
        Thread.sleep(600);
        assertEquals(401, handshake(null).statusCode(), "a token comes back after half a second");
    }

    @Test
    void theQueryApiSendsCorsHeadersToAllowedOriginsOnly() {
        String url = query.httpUrl() + "/users/nobody";
        HttpResponse<String> allowed = HttpCalls.send("GET", url, Tokens.admin(), null, "Origin", PAGE);
        assertEquals(PAGE, allowed.headers().firstValue("Access-Control-Allow-Origin").orElse(null));
        HttpResponse<String> other = HttpCalls.send("GET", url, Tokens.admin(), null, "Origin", "http://evil.example");
        assertFalse(other.headers().firstValue("Access-Control-Allow-Origin").isPresent(), other.headers().toString());

        HttpResponse<String> preflight = HttpCalls.send("OPTIONS", url, null, null, "Origin", PAGE,
                "Access-Control-Request-Method", "GET");
        assertEquals(204, preflight.statusCode());
        assertEquals(PAGE, preflight.headers().firstValue("Access-Control-Allow-Origin").orElse(null));
        HttpResponse<String> refused = HttpCalls.send("OPTIONS", url, null, null, "Origin", "http://evil.example",
                "Access-Control-Request-Method", "GET");
        assertEquals(403, refused.statusCode());
        assertEquals("forbidden_origin", Json.parse(refused.body()).path("error").asText());
    }

    @Test
    void healthAndMetricsAreOnTheOpsPortOnly() {
        assertEquals(404, HttpCalls.get(gateway.httpUrl() + "/metrics", null).statusCode());
        assertEquals(404, HttpCalls.get(gateway.httpUrl() + "/health/live", null).statusCode());
        assertEquals(200, HttpCalls.get(gateway.opsUrl() + "/health/live", null).statusCode());
        assertTrue(HttpCalls.get(gateway.opsUrl() + "/metrics", null).body().contains("chat_"));
    }

    @Test
    void aHeadOverTheHeaderLimitGets431() throws IOException {
        int port = Integer.parseInt(query.httpUrl().substring(query.httpUrl().lastIndexOf(':') + 1));
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("GET /users/nobody HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(32 * 1024)
                    + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            assertTrue(answer.startsWith("HTTP/1.1 431 "), answer);
            JsonNode body = Json.parse(answer.substring(answer.indexOf("\r\n\r\n") + 4));
            assertEquals("headers_too_large", body.path("error").asText());
        }
    }

    @Test
    void aBodyOverTheBodyLimitGets413() {
        HttpResponse<String> response = HttpCalls.send("POST", gateway.httpUrl() + "/", null, "x".repeat(65 * 1024));
        assertEquals(413, response.statusCode(), response.body());
        assertEquals("too_large", Json.parse(response.body()).path("error").asText());
    }

    /** A WebSocket handshake without a token, from a page of {@code origin} (null: no Origin header). */
    private static HttpResponse<String> handshake(String origin) {
        String url = gateway.wsUrl().replace("ws://", "http://");
        return origin == null ? HttpCalls.send("GET", url, null, null)
                : HttpCalls.send("GET", url, null, null, "Origin", origin);
    }
}
