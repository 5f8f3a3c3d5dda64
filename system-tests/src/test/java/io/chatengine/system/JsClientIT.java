package io.chatengine.system;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.chatengine.testsupport.Tokens;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The JavaScript client library ({@code clients/js}) against the engine, in Node
 * ({@code system-tests/js-client/client.test.mjs}): two users on three devices chat directly and in a room while
 * the first gateway is killed and started again; every message arrives once in seq order on every device and every
 * send resolves once; a token that expires mid-run is refreshed through getToken on the same socket; a deactivated
 * user's client stops reconnecting. The assertions are in the script; this test runs the engine, kills and restarts
 * the gateway when the script asks ("CONTROL kill gw1" on its output, "done" on its input), and fails when the
 * script does.
 */
class JsClientIT {
    private static final Path LIBRARY = Command.ROOT.resolve("clients/js");
    private static final Duration SCRIPT_TIMEOUT = Duration.ofSeconds(150);

    @Test
    void clientsResumeAcrossAKilledGatewayRefreshTheirTokenAndStopWhenDeactivated() throws Exception {
        buildLibrary();
        try (Engine engine = new Engine("js-client")) {
            String alice = engine.createUser("alice");
            String bob = engine.createUser("bob");
            String dave = engine.createUser("dave");
            String room = "room-" + UUID.randomUUID().toString().substring(0, 8);
            assertEquals(201, engine.createRoom(alice, room, List.of(bob)).statusCode());
            Map<String, String> env = Map.of("GATEWAY_1", engine.gw1.wsUrl(), "GATEWAY_2", engine.gw2.wsUrl(),
                    "USERS_URL", engine.users.httpUrl(), "JWT_SECRET", Tokens.SECRET,
                    "ALICE", alice, "BOB", bob, "DAVE", dave, "ROOM", room);
            NodeScript.run("client.test.mjs", env, SCRIPT_TIMEOUT, command -> control(engine, command));
        }
    }

    private static void control(Engine engine, String command) {
        switch (command) {
            case "kill gw1" -> engine.gw1.kill();
            case "restart gw1" -> engine.gw1.restart();
            default -> throw new AssertionError("unknown control command: " + command);
        }
    }

    /** Builds the library (scripts/test already has: then this is quick) from its lock file. */
    static void buildLibrary() {
        if (!Files.isDirectory(LIBRARY.resolve("node_modules/ws"))) {
            Command install = Command.run(LIBRARY, List.of("npm", "ci", "--no-audit", "--no-fund"), Map.of(),
                    Duration.ofSeconds(180));
            assertEquals(0, install.exit(), "npm ci failed:\n" + install.output());
        }
        if (!Files.isRegularFile(LIBRARY.resolve("dist/node.mjs"))) {
            Command build = Command.run(LIBRARY, List.of("npm", "run", "build"), Map.of(), Duration.ofSeconds(120));
            assertEquals(0, build.exit(), "the library's build failed:\n" + build.output());
        }
    }
}
