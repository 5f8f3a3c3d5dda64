package io.chatengine.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatengine.testsupport.Await;
import io.chatengine.testsupport.WsClient;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The README's first command: scripts/chat-engine up starts a real broker and every service, writes
 * endpoints.json, and down stops exactly what it started. Runs beside anything else with a port offset.
 */
class LocalRunIT {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final String OFFSET = "3000";

    @Test
    void upStartsEverythingThatDownStops() throws Exception {
        Path run = Files.createTempDirectory("local-run");
        try {
            Result up = script(run, "up", "--gateways", "2");
            assertEquals(0, up.exit, up.output);
            JsonNode endpoints = Json.parse(Files.readString(run.resolve("endpoints.json")));
            assertEquals("127.0.0.1:12092", endpoints.path("kafka").asText());
            assertEquals(List.of("ws://127.0.0.1:11080/ws", "ws://127.0.0.1:11180/ws"),
                    List.of(endpoints.path("gateways").get(0).asText(), endpoints.path("gateways").get(1).asText()));
            assertEquals(6, endpoints.path("processes").size(), "broker, users, presence, query, two gateways");
            assertTrue(up.output.contains("curl -X POST http://127.0.0.1:11081/users"), up.output);

            String secret = Files.readString(run.resolve("jwt-secret")).strip();
            String token = tokenFor("alice", secret);
            try (WsClient alice = WsClient.connect(endpoints.path("gateways").get(1).asText(), token, "")) {
                assertEquals("welcome", alice.next(Duration.ofSeconds(20)).path("type").asText(),
                        "the demo user alice can connect");
            }
            Result again = script(run, "up");
            assertEquals(0, again.exit);
            assertTrue(again.output.contains("already running"), again.output);

            Result down = script(run, "down");
            assertEquals(0, down.exit, down.output);
            for (JsonNode process : endpoints.path("processes")) {
                Await.until(Duration.ofSeconds(5), "process stopped: " + process,
                        () -> !running(process.path("pid").asLong()));
            }
            assertTrue(Files.exists(run.resolve("kafka-data")), "data is kept without --wipe");
            assertEquals(0, script(run, "down", "--wipe").exit);
            assertFalse(Files.exists(run.resolve("kafka-data")));
        } finally {
            script(run, "down");
        }
    }

    @Test
    void aTakenPortStartsNothingAndSaysWhich() throws Exception {
        Path run = Files.createTempDirectory("local-run-taken");
        try (ServerSocket taken = new ServerSocket(11080 + 1000, 50, java.net.InetAddress.getByName("127.0.0.1"))) {
            Result up = scriptWithOffset(run, "4000", "up");
            assertEquals(1, up.exit, up.output);
            assertTrue(up.output.contains("port 12080 taken; nothing was started"), up.output);
            assertFalse(Files.exists(run.resolve("pids.json")));
        }
    }

    private static String tokenFor(String user, String secret) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("python3", ROOT.resolve("scripts/jwt_token.py").toString(), user,
                "--secret", secret).start();
        assertTrue(process.waitFor(20, TimeUnit.SECONDS));
        return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
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

    private record Result(int exit, String output) {
    }

    private static Result script(Path run, String... args) throws IOException, InterruptedException {
        return scriptWithOffset(run, OFFSET, args);
    }

    private static Result scriptWithOffset(Path run, String offset, String... args)
            throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of(ROOT.resolve("scripts/chat-engine").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true);
        builder.environment().put("CHAT_RUN_DIR", run.toString());
        builder.environment().put("CHAT_PORT_OFFSET", offset);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(180, TimeUnit.SECONDS), "chat-engine " + String.join(" ", args) + " hung");
        return new Result(process.exitValue(), output);
    }
}
