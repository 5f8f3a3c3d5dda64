package io.chatengine.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatengine.testsupport.Await;
import io.chatengine.testsupport.HttpCalls;
import io.chatengine.testsupport.Tokens;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.jose4j.jwt.JwtClaims;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The JavaScript client library ({@code clients/js}) under faults, in Node
 * ({@code system-tests/js-client/outage.test.mjs}), against an engine of its own ({@code scripts/chat-engine up
 * --gateways 2}, one broker): alice and bob exchange 2,000 messages while the first gateway is killed and started
 * again, and later the only broker is frozen for 10 s. Every message arrives once, in seq order; every send
 * resolves once; a send made during the freeze resolves after it, as one message. The assertions are in the
 * script; this test does to the engine what the script asks ("CONTROL kill gw-1" on its output, "done" on its
 * input) and fails when the script does.
 */
class JsClientOutageIT {
    private static final String OFFSET = "6500";
    private static final Path SCRIPT = Command.ROOT.resolve("system-tests/js-client");
    private static final Duration SCRIPT_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration READY_WITHIN = Duration.ofSeconds(60);
    private static Path run;
    private static JsonNode endpoints;
    private static String secret;

    @BeforeAll
    static void up() throws Exception {
        JsClientIT.buildLibrary();
        run = Files.createTempDirectory("js-client-outage");
        Command up = script("up", "--gateways", "2", "--warmup-seconds", "0");
        assertEquals(0, up.exit(), up.output());
        endpoints = Json.parse(Files.readString(run.resolve("endpoints.json")));
        secret = Files.readString(run.resolve("jwt-secret")).strip();
    }

    @AfterAll
    static void down() {
        if (run != null) {
            script("down"); // continues a frozen broker before stopping it
        }
    }

    @Test
    void twoClientsExchangeTwoThousandMessagesOnceEachAcrossAKilledGatewayAndAFrozenBroker() throws Exception {
        String alice = createUser("alice");
        String bob = createUser("bob");
        ProcessBuilder builder = new ProcessBuilder("node", "outage.test.mjs").directory(SCRIPT.toFile())
                .redirectErrorStream(true);
        builder.environment().putAll(Map.of("GATEWAY_1", endpoints.path("gateways").get(0).asText(),
                "GATEWAY_2", endpoints.path("gateways").get(1).asText(), "JWT_SECRET", secret,
                "ALICE", alice, "BOB", bob));
        Process node = builder.start();
        Thread watchdog = new Thread(() -> {
            try {
                if (!node.waitFor(SCRIPT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                    node.destroyForcibly();
                }
            } catch (InterruptedException e) {
                node.destroyForcibly();
            }
        });
        watchdog.setDaemon(true);
        watchdog.start();
        StringBuilder output = new StringBuilder();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(node.getInputStream(),
                StandardCharsets.UTF_8)); Writer answers = node.outputWriter(StandardCharsets.UTF_8)) {
            String line;
            while ((line = lines.readLine()) != null) {
                System.out.println("outage.test.mjs: " + line);
                output.append(line).append('\n');
                if (line.startsWith("CONTROL ")) {
                    control(line.substring("CONTROL ".length()));
                    answers.write("done\n");
                    answers.flush();
                }
            }
        } catch (RuntimeException | Error e) {
            node.destroyForcibly(); // a fault that could not be done or undone: the script waits for nothing more
            throw e;
        }
        node.waitFor();
        assertEquals(0, node.exitValue(), "outage.test.mjs failed (or ran over " + SCRIPT_TIMEOUT + "):\n" + output);
    }

    private static void control(String command) {
        switch (command) {
            case "kill gw-1" -> require(script("kill", "gw-1", "--signal", "KILL"));
            case "start gw-1" -> {
                require(script("start", "gw-1"));
                String ready = ops("gw-1") + "/health/ready";
                Await.until(READY_WITHIN, "gw-1 ready again", () -> HttpCalls.get(ready, null).statusCode() == 200);
            }
            case "freeze kafka" -> require(script("kill", "kafka", "--signal", "STOP"));
            case "thaw kafka" -> require(script("start", "kafka")); // continues the frozen broker
            default -> throw new AssertionError("unknown control command: " + command);
        }
    }

    private static void require(Command command) {
        assertEquals(0, command.exit(), command.output());
    }

    private static String ops(String instance) {
        for (JsonNode process : endpoints.path("processes")) {
            if (process.path("instance").asText().equals(instance)) {
                return process.path("ops").asText();
            }
        }
        throw new AssertionError("no " + instance + " in " + endpoints);
    }

    private static String createUser(String prefix) {
        String username = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        JwtClaims claims = Tokens.claims("ops-admin", Duration.ofMinutes(10));
        claims.setClaim("role", "admin");
        String users = endpoints.path("users").get(0).asText();
        var response = HttpCalls.send("POST", users + "/users", Tokens.sign(claims, secret),
                "{\"username\":\"" + username + "\",\"displayName\":\"" + prefix + "\"}");
        assertEquals(201, response.statusCode(), response.body());
        return username;
    }

    private static Command script(String... args) {
        List<String> command = new ArrayList<>(List.of("scripts/chat-engine"));
        command.addAll(List.of(args));
        Command result = Command.run(Command.ROOT, command, Map.of("CHAT_RUN_DIR", run.toString(),
                "CHAT_PORT_OFFSET", OFFSET), Duration.ofSeconds(180));
        assertNotEquals(-1, result.exit(), result.output());
        return result;
    }
}
