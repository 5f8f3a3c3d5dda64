package io.chatengine.system;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.chatengine.testsupport.Await;
import io.chatengine.testsupport.HttpCalls;
import java.time.Duration;
import java.util.Map;
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
    private static final Duration SCRIPT_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration READY_WITHIN = Duration.ofSeconds(60);
    private static LocalRun run;

    @BeforeAll
    static void up() throws Exception {
        JsClientIT.buildLibrary();
        run = LocalRun.up("js-client-outage", OFFSET, "--gateways", "2", "--warmup-seconds", "0");
    }

    @AfterAll
    static void down() {
        if (run != null) {
            run.down(); // continues a frozen broker before stopping it
        }
    }

    @Test
    void twoClientsExchangeTwoThousandMessagesOnceEachAcrossAKilledGatewayAndAFrozenBroker() throws Exception {
        String alice = run.createUser("alice");
        String bob = run.createUser("bob");
        NodeScript.run("outage.test.mjs", Map.of("GATEWAY_1", run.endpoints().path("gateways").get(0).asText(),
                "GATEWAY_2", run.endpoints().path("gateways").get(1).asText(), "JWT_SECRET", run.secret(),
                "ALICE", alice, "BOB", bob), SCRIPT_TIMEOUT, JsClientOutageIT::control);
    }

    private static void control(String command) {
        switch (command) {
            case "kill gw-1" -> require(run.script("kill", "gw-1", "--signal", "KILL"));
            case "start gw-1" -> {
                require(run.script("start", "gw-1"));
                String ready = run.ops("gw-1") + "/health/ready";
                Await.until(READY_WITHIN, "gw-1 ready again", () -> HttpCalls.get(ready, null).statusCode() == 200);
            }
            case "freeze kafka" -> require(run.script("kill", "kafka", "--signal", "STOP"));
            case "thaw kafka" -> require(run.script("start", "kafka")); // continues the frozen broker
            default -> throw new AssertionError("unknown control command: " + command);
        }
    }

    private static void require(Command command) {
        assertEquals(0, command.exit(), command.output());
    }
}
