package io.chatengine.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatengine.testsupport.Await;
import io.chatengine.testsupport.HttpCalls;
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
 * endpoints.json, kill and start take one instance down and bring it back as it was, and down stops exactly what
 * runs, a restarted or frozen instance too. Runs beside anything else with a port offset.
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
            assertOpsOnTheirOwnPort(endpoints);

            String secret = Files.readString(run.resolve("jwt-secret")).strip();
            String token = tokenFor("alice", secret);
            try (WsClient alice = WsClient.connect(endpoints.path("gateways").get(1).asText(), token, "")) {
                assertEquals("welcome", alice.next(Duration.ofSeconds(20)).path("type").asText(),
                        "the demo user alice can connect");
            }
            String page = "http://127.0.0.1:11180";
            assertEquals(page, HttpCalls.send("GET", endpoints.path("query").get(0).asText() + "/users/alice", token,
                    null, "Origin", page).headers().firstValue("Access-Control-Allow-Origin").orElse(null),
                    "the gateways' web pages may call the query API");
            Command again = script(run, "up");
            assertEquals(0, again.exit());
            assertTrue(again.output().contains("already running"), again.output());

            long killed = pidOf(endpoints, "gw-1");
            Command kill = script(run, "kill", "gw-1", "--signal", "KILL");
            assertEquals(0, kill.exit(), kill.output());
            assertFalse(running(killed));
            assertTrue(statusLine(run, "gw-1").contains(" stopped "), statusLine(run, "gw-1"));
            Command start = script(run, "start", "gw-1");
            assertEquals(0, start.exit(), start.output());
            JsonNode restarted = Json.parse(Files.readString(run.resolve("endpoints.json")));
            assertNotEquals(killed, pidOf(restarted, "gw-1"), "endpoints.json names the new process");
            Await.until(Duration.ofSeconds(90), "gw-1 ready again on its port",
                    () -> statusLine(run, "gw-1").contains(" running  ready ")
                            && statusLine(run, "gw-1").contains("ws://127.0.0.1:11080/ws"));
            assertEquals(1, script(run, "start", "gw-1").exit(), "a running instance is not started twice");

            assertEquals(0, script(run, "kill", "users-1", "--signal", "STOP").exit());
            assertTrue(statusLine(run, "users-1").contains(" frozen "), statusLine(run, "users-1"));

            Command down = script(run, "down");
            assertEquals(0, down.exit(), down.output());
            for (JsonNode process : restarted.path("processes")) {
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

    /** Each service's health and metrics answer on its ops URL (four above its port), not on its public port. */
    private static void assertOpsOnTheirOwnPort(JsonNode endpoints) {
        for (JsonNode process : endpoints.path("processes")) {
            if (process.path("service").asText().equals("kafka")) {
                continue;
            }
            String publicUrl = process.path("url").asText().replace("ws://", "http://").replaceAll("/ws$", "");
            String ops = process.path("ops").asText();
            int port = Integer.parseInt(publicUrl.substring(publicUrl.lastIndexOf(':') + 1));
            assertEquals("http://127.0.0.1:" + (port + 4), ops, process.toString());
            assertEquals(200, HttpCalls.get(ops + "/health/ready", null).statusCode(), ops);
            assertTrue(HttpCalls.get(ops + "/metrics", null).body().contains("jvm_memory_used_bytes"), ops);
            assertEquals(404, HttpCalls.get(publicUrl + "/metrics", null).statusCode(), publicUrl);
            assertEquals(404, HttpCalls.get(publicUrl + "/health/ready", null).statusCode(), publicUrl);
        }
    }

    private static long pidOf(JsonNode endpoints, String instance) {
        for (JsonNode process : endpoints.path("processes")) {
            if (process.path("instance").asText().equals(instance)) {
                return process.path("pid").asLong();
            }
        }
        throw new AssertionError("no " + instance + " in " + endpoints);
    }

    /** The line of {@code scripts/chat-engine status} about one instance. */
    private static String statusLine(Path run, String instance) {
        Command status = script(run, "status");
        assertEquals(0, status.exit(), status.output());
        return status.output().lines().filter(line -> line.contains(" " + instance + " ")).findFirst()
                .orElseThrow(() -> new AssertionError("no " + instance + " in " + status.output()));
    }

    private static String tokenFor(String user, String secret) {
        Command token = Command.run(ROOT, List.of("python3", "scripts/jwt_token.py", user, "--secret=" + secret),
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
