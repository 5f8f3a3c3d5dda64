package io.chatengine.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatengine.testsupport.Await;
import io.chatengine.testsupport.WsClient;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The README's first command: scripts/chat-engine up starts a real broker and every service, writes
 * endpoints.json, and down stops exactly what it started. Runs beside anything else with a port offset.
 */
class LocalRunIT {
    private static final Path ROOT = Command.ROOT;
    private static final String OFFSET = "3000";

    @Test
    void upStartsEverythingThatDownStops() throws Exception {
        Path run = Files.createTempDirectory("local-run");
        try {
            Command up = script(run, "up", "--gateways", "2", "--warmup-seconds", "0");
            assertEquals(0, up.exit(), up.output());
            JsonNode endpoints = Json.parse(Files.readString(run.resolve("endpoints.json")));
            assertEquals("127.0.0.1:12092", endpoints.path("kafka").asText());
            assertEquals(List.of("ws://127.0.0.1:11080/ws", "ws://127.0.0.1:11180/ws"),
                    List.of(endpoints.path("gateways").get(0).asText(), endpoints.path("gateways").get(1).asText()));
            assertEquals(6, endpoints.path("processes").size(), "broker, users, presence, query, two gateways");
            assertTrue(up.output().contains("curl -X POST http://127.0.0.1:11081/users"), up.output());

            String secret = Files.readString(run.resolve("jwt-secret")).strip();
            String token = tokenFor("alice", secret);
            try (WsClient alice = WsClient.connect(endpoints.path("gateways").get(1).asText(), token, "")) {
                assertEquals("welcome", alice.next(Duration.ofSeconds(20)).path("type").asText(),
                        "the demo user alice can connect");
            }
            Command again = script(run, "up");
            assertEquals(0, again.exit());
            assertTrue(again.output().contains("already running"), again.output());

            Command down = script(run, "down");
            assertEquals(0, down.exit(), down.output());
            for (JsonNode process : endpoints.path("processes")) {
                Await.until(Duration.ofSeconds(5), "process stopped: " + process,
                        () -> !running(process.path("pid").asLong()));
            }
            assertTrue(Files.exists(run.resolve("kafka-data")), "data is kept without --wipe");
            assertEquals(0, script(run, "down", "--wipe").exit());
            assertFalse(Files.exists(run.resolve("kafka-data")));
        } finally {
            script(run, "down");
        }
    }

    @Test
    void aTakenPortStartsNothingAndSaysWhich() throws Exception {
        Path run = Files.createTempDirectory("local-run-taken");
        try (ServerSocket taken = new ServerSocket(11080 + 1000, 50, java.net.InetAddress.getByName("127.0.0.1"))) {
            Command up = scriptWithOffset(run, "4000", "up", "--warmup-seconds", "0");
            assertEquals(1, up.exit(), up.output());
            assertTrue(up.output().contains("port 12080 taken; nothing was started"), up.output());
            assertFalse(Files.exists(run.resolve("pids.json")));
        }
    }

    private static String tokenFor(String user, String secret) {
        Command token = Command.run(ROOT, List.of("python3", "scripts/jwt_token.py", user, "--secret", secret),
                Map.of(), Duration.ofSeconds(20));
        assertEquals(0, token.exit(), token.output());
        return token.output().strip();
    }

    /** True while the process exists and is not a zombie waiting for its new parent to reap it. */
    private static boolean running(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return !stat.substring(stat.lastIndexOf(')') + 1).strip().startsWith("Z");
        } catch (IOException gone) {
            return false;
        }
    }

    private static Command script(Path run, String... args) {
        return scriptWithOffset(run, OFFSET, args);
    }

    private static Command scriptWithOffset(Path run, String offset, String... args) {
        List<String> command = new ArrayList<>(List.of("scripts/chat-engine"));
        command.addAll(List.of(args));
        Command result = Command.run(ROOT, command, Map.of("CHAT_RUN_DIR", run.toString(), "CHAT_PORT_OFFSET", offset),
                Duration.ofSeconds(180));
        assertNotEquals(-1, result.exit(), result.output());
        return result;
    }
}
