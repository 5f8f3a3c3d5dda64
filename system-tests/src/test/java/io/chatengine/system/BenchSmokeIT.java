package io.chatengine.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A short run of every benchmark scenario against an engine started by {@code scripts/chat-engine up}: the
 * load generator works end to end and reports nothing lost. The full runs are in docs/benchmarks.md.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BenchSmokeIT {
    private static final Map<String, String> ENV = new java.util.HashMap<>();
    private static Path run;

    @BeforeAll
    static void up() throws Exception {
        run = Files.createTempDirectory("bench-smoke");
        ENV.put("CHAT_RUN_DIR", run.toString());
        ENV.put("CHAT_PORT_OFFSET", "5000");
        ENV.put("BENCH_HEAP", "512m");
        Command up = Command.run(Command.ROOT, List.of("scripts/chat-engine", "up", "--gateways", "2", "--warmup-seconds", "2"), ENV,
                Duration.ofSeconds(180));
        assertEquals(0, up.exit(), up.output());
        assertTrue(up.output().contains("warming up: 2 s") && !up.output().contains("warm-up failed"), up.output());
    }

    @AfterAll
    static void down() {
        Command.run(Command.ROOT, List.of("scripts/chat-engine", "down", "--wipe"), ENV, Duration.ofSeconds(60));
    }

    private static JsonNode bench(String... args) {
        List<String> command = new ArrayList<>(List.of("scripts/bench"));
        command.addAll(List.of(args));
        command.add("--no-record");
        Command result = Command.run(Command.ROOT, command, ENV, Duration.ofSeconds(120));
        assertEquals(0, result.exit(), result.output());
        String last = result.output().strip().lines().reduce((a, b) -> b).orElseThrow();
        JsonNode json = Json.parse(last);
        assertEquals(args[0], json.path("scenario").asText(), result.output());
        return json;
    }

    @Test
    @Order(1)
    void chatLosesNothing() {
        JsonNode chat = bench("chat", "--users", "100", "--rate", "50", "--duration", "3", "--warmup", "1");
        assertTrue(chat.path("sent").asLong() >= 100, chat.toString());
        assertEquals(chat.path("sent").asLong(), chat.path("received").asLong(), chat.toString());
        for (String zero : List.of("lost", "duplicated", "seqGaps", "seqRepeats", "closed")) {
            assertEquals(0, chat.path(zero).asLong(), zero + " in " + chat);
        }
        assertTrue(chat.path("p50Ms").asDouble() > 0 && chat.path("p99Ms").asDouble() >= chat.path("p50Ms").asDouble());
        assertTrue(chat.path("generatorCpuMsPerMessage").isNumber(), chat.toString());
        assertTrue(chat.path("engineCpuMsPerMessageByProcess").isMissingNode(), chat.toString());
    }

    @Test
    @Order(2)
    void costReadsTheCpuOfEveryEngineProcess() {
        JsonNode cost = bench("cost", "--users", "100", "--rate", "50", "--duration", "3", "--warmup", "1");
        assertEquals(cost.path("sent").asLong(), cost.path("received").asLong(), cost.toString());
        assertEquals(0, cost.path("lost").asLong(), cost.toString());
        JsonNode byProcess = cost.path("engineCpuMsPerMessageByProcess");
        for (String process : List.of("kafka", "user-command-service users-1", "presence-stream presence-1",
                "query-api query-1", "delivery-gateway gw-1", "delivery-gateway gw-2")) {
            assertTrue(byProcess.path(process).isNumber(), process + " in " + cost);
        }
        double total = 0;
        for (JsonNode ms : byProcess) {
            total += ms.asDouble();
        }
        assertTrue(total > 0, cost.toString());
        assertEquals(total, cost.path("engineCpuMsPerMessage").asDouble(), 0.01, cost.toString());
        assertTrue(cost.path("generatorCpuMsPerMessage").isNumber(), cost.toString());
    }

    @Test
    @Order(3)
    void sweepRaisesTheRateStepByStep() {
        JsonNode sweep = bench("sweep", "--users", "50", "--from", "40", "--factor", "2", "--max", "80",
                "--duration", "2", "--warmup", "1", "--p99-limit-ms", "5000");
        assertEquals(2, sweep.path("steps").size(), sweep.toString());
        assertEquals(80, sweep.path("heldRate").asDouble(), sweep.toString());
    }

    @Test
    @Order(4)
    void connectionsAreHeldAndMeasured() {
        JsonNode held = bench("connections", "--connections", "300", "--user-pool", "50", "--hold", "1");
        assertEquals(300, held.path("held").asInt(), held.toString());
        assertEquals(0, held.path("failed").asInt(), held.toString());
        assertTrue(held.path("connectsPerSecond").asDouble() > 0, held.toString());
    }

    @Test
    @Order(5)
    void floorMeasuresABareRoundTrip() {
        JsonNode floor = bench("floor", "--rate", "200", "--duration", "2");
        assertTrue(floor.path("p50Ms").asDouble() > 0, floor.toString());
        assertEquals(floor.path("p50Ms").asDouble() * 2, floor.path("twoHopFloorP50Ms").asDouble(), 0.02);
    }

    @Test
    @Order(6)
    void fuzzFindsNothingUndocumented() {
        JsonNode fuzz = bench("fuzz", "--frames", "2000", "--sockets", "8", "--requests", "300", "--parallel", "2");
        assertTrue(fuzz.path("frames").asLong() >= 2000 && fuzz.path("requests").asLong() >= 300, fuzz.toString());
        assertTrue(fuzz.path("framesPerSecond").asLong() > 0 && fuzz.path("seed").isNumber(), fuzz.toString());
        assertTrue(fuzz.path("replies").path("error bad_request").asLong() > 0, fuzz.toString());
        assertEquals(0, fuzz.path("problems").asLong(), fuzz.toString());
        assertFalse(fuzz.path("failed").asBoolean(), fuzz.toString());
    }

    /** Last: it kills a gateway (and starts it again) under the engine the other scenarios use. */
    @Test
    @Order(7)
    void chaosKillsAGatewayAndLosesNothing() {
        JsonNode chaos = bench("chaos", "--users", "20", "--rate", "20", "--duration", "25", "--faults", "gw-1:KILL",
                "--first", "8", "--restart-after", "3");
        for (String zero : List.of("lost", "duplicated", "seqGaps", "neverAccepted")) {
            assertEquals(0, chaos.path(zero).asLong(), zero + " in " + chaos);
        }
        assertEquals(chaos.path("generated").asLong(), chaos.path("delivered").asLong(), chaos.toString());
        JsonNode fault = chaos.path("faults").get(1);
        assertEquals("gw-1:KILL", fault.path("fault").asText(), chaos.toString());
        assertTrue(fault.path("reconnects").asLong() >= 10, "gw-1's users reconnected: " + chaos);
        assertTrue(fault.path("readyS").asDouble() > 0, "gw-1 was ready again: " + chaos);
        assertTrue(fault.path("recoveryMs").asDouble() > 0, chaos.toString());
    }
}
