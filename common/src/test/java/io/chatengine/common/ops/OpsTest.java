package io.chatengine.common.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chatengine.common.config.KafkaSettings;
import io.chatengine.common.http.HttpServers;
import io.chatengine.common.http.HttpSettings;
import io.chatengine.schemas.TopicSettings;
import io.undertow.Handlers;
import io.undertow.Undertow;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Where the operations endpoints are served, with and without an ops port. */
class OpsTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private final Ops ops = new Ops("test", "test-1", new KafkaSettings("127.0.0.1:1",
            new TopicSettings(1, (short) 1, 3_600_000L), "unused"), () -> "starting");
    private Undertow server;

    @AfterEach
    void stop() {
        server.stop();
        ops.close();
    }

    @Test
    void withoutAnOpsPortTheyAreServedBesideTheServicesRoutes() throws Exception {
        int port = startPublic(HttpSettings.DEFAULTS);
        assertTrue(ops.port().isEmpty());
        assertEquals(200, status(port, "/hello"));
        assertEquals(200, status(port, "/health/live"));
        assertEquals(200, status(port, "/metrics"));
    }

    @Test
    void withAnOpsPortTheyAreServedThereOnly() throws Exception {
        int port = startPublic(HttpSettings.DEFAULTS.withOpsPort(0));
        int opsPort = ops.port().orElseThrow();
        assertEquals(200, status(port, "/hello"));
        for (String path : new String[] {"/health/live", "/health/ready", "/metrics"}) {
            assertEquals(404, status(port, path), "public " + path);
        }
        assertEquals(200, status(opsPort, "/health/live"));
        assertEquals(503, status(opsPort, "/health/ready"), "the service says it is starting");
        assertEquals(200, status(opsPort, "/metrics"));
        assertEquals(404, status(opsPort, "/hello"));
    }

    private int startPublic(HttpSettings http) {
        server = HttpServers.on("127.0.0.1", 0, http, ops.serve("127.0.0.1", http, Handlers.path()
                .addExactPath("/hello", exchange -> exchange.getResponseSender().send("hello"))));
        server.start();
        return ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
    }

    private static int status(int port, String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
