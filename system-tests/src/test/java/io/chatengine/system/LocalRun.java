package io.chatengine.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatengine.testsupport.HttpCalls;
import io.chatengine.testsupport.Tokens;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jose4j.jwt.JwtClaims;

/**
 * An engine started with {@code scripts/chat-engine up} in a run folder and port offset of its own, for the tests
 * whose faults are the local run's own ({@code kill}, {@code start}: a broker frozen, a gateway killed): what
 * {@code up} wrote (endpoints, the generated secret) and the script's other commands against the same run.
 */
record LocalRun(Path folder, String offset, JsonNode endpoints, String secret) {

    /** {@code up} with these arguments in a new temporary folder; fails the test when it fails. */
    static LocalRun up(String name, String offset, String... args) throws IOException {
        Path folder = Files.createTempDirectory(name);
        LocalRun starting = new LocalRun(folder, offset, null, null);
        List<String> up = new ArrayList<>(List.of("up"));
        up.addAll(List.of(args));
        Command started = starting.script(up.toArray(String[]::new));
        assertEquals(0, started.exit(), started.output());
        return new LocalRun(folder, offset, Json.parse(Files.readString(folder.resolve("endpoints.json"))),
                Files.readString(folder.resolve("jwt-secret")).strip());
    }

    /** Stops what {@code up} and later {@code start}s started (a frozen process is continued first). */
    void down() {
        script("down");
    }

    /** {@code scripts/chat-engine} with these arguments against this run; its exit code is the caller's to check. */
    Command script(String... args) {
        List<String> command = new ArrayList<>(List.of("scripts/chat-engine"));
        command.addAll(List.of(args));
        Command result = Command.run(Command.ROOT, command, Map.of("CHAT_RUN_DIR", folder.toString(),
                "CHAT_PORT_OFFSET", offset), Duration.ofSeconds(180));
        assertNotEquals(-1, result.exit(), result.output());
        return result;
    }

    /** Creates a user with a unique name built from the prefix (an admin token of the run's secret). */
    String createUser(String prefix) {
        String username = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        JwtClaims claims = Tokens.claims("ops-admin", Duration.ofMinutes(10));
        claims.setClaim("role", "admin");
        String users = endpoints.path("users").get(0).asText();
        var response = HttpCalls.send("POST", users + "/users", Tokens.sign(claims, secret),
                "{\"username\":\"" + username + "\",\"displayName\":\"" + prefix + "\"}");
        assertEquals(201, response.statusCode(), response.body());
        return username;
    }

    /** The ops listener of an instance ({@code gw-1}, {@code kafka}...). */
    String ops(String instance) {
        for (JsonNode process : endpoints.path("processes")) {
            if (process.path("instance").asText().equals(instance)) {
                return process.path("ops").asText();
            }
        }
        throw new AssertionError("no " + instance + " in " + endpoints);
    }
}
