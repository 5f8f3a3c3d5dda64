package io.chatengine.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chatengine.system.Engine.Connected;
import io.chatengine.testsupport.Await;
import io.chatengine.testsupport.Tokens;
import io.chatengine.testsupport.fuzz.EngineState;
import io.chatengine.testsupport.fuzz.Fuzzer;
import io.chatengine.testsupport.fuzz.ProtocolDoc;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Hostile clients against a whole engine: mutated WebSocket frames over several sockets and mutated HTTP requests
 * at every API. Every process lives on, nothing is answered with a 5xx or anything docs/protocol.md does not
 * list, and users and inboxes are as they were. Seeded: the seed is printed, {@code -Dfuzz.seed=N} replays it.
 * {@code scripts/bench fuzz} is the longer run of the same fuzzer.
 */
class FuzzIT {
    private static final int FRAMES = 20_000;
    private static final int REQUESTS = 5_000;

    @Test
    void hostileFramesAndRequestsGetOnlyDocumentedAnswersAndChangeNothing() throws Exception {
        long seed = Fuzzer.seed(System.getProperty("fuzz.seed"));
        System.out.println("FuzzIT seed " + seed + " (replay: -Dfuzz.seed=" + seed + ")");
        // gw1 closes a socket after 20 errors in 10 s, as by default; gw2 keeps its sockets longer, so that the
        // run is spent on frames rather than on opening sockets
        try (Engine engine = new Engine("fuzz",
                Engine.Setup.DEFAULTS.secondGateway(Map.of("CHAT_MAX_ERRORS", "1000")))) {
            List<String> sockets = List.of(engine.createUser("fuzz"), engine.createUser("fuzz"),
                    engine.createUser("fuzz"), engine.createUser("fuzz"));
            List<String> bystanders = List.of(engine.createUser("alice"), engine.createUser("bob"));
            Connected alice = engine.connect(engine.gw1, bystanders.get(0), null);
            Connected bob = engine.connect(engine.gw2, bystanders.get(1), null);
            assertEquals("sent", alice.send(bystanders.get(1), "before the fuzz", "b1").path("type").asText());
            bob.nextMessage();
            alice.client().close();
            bob.client().close();

            List<ServiceProcess> processes = List.of(engine.users, engine.presence, engine.gw1, engine.gw2,
                    engine.query);
            Fuzzer.Target target = new Fuzzer.Target(
                    List.of(URI.create(engine.gw1.httpUrl()), URI.create(engine.gw2.httpUrl())),
                    URI.create(engine.users.httpUrl()), List.of(URI.create(engine.query.httpUrl())), Tokens.admin(),
                    Tokens::user, sockets);
            List<URI> metrics = List.of(URI.create(engine.users.httpUrl() + "/metrics"),
                    URI.create(engine.gw1.httpUrl() + "/metrics"), URI.create(engine.gw2.httpUrl() + "/metrics"));
            for (String user : bystanders) {
                Await.until(Engine.WAIT, user + " offline", () -> !engine.presenceOf(user).path("online").asBoolean());
            }
            EngineState before = EngineState.take(target, metrics, bystanders);

            Fuzzer.Report report = new Fuzzer(target, ProtocolDoc.load(), seed)
                    .run(FRAMES, 32, REQUESTS, 8, Duration.ofSeconds(120));
            System.out.println("FuzzIT seed " + seed + ": " + report);

            for (ServiceProcess process : processes) {
                assertTrue(process.alive(), process.instance() + " died (seed " + seed + ")");
            }
            assertTrue(report.framesSent.sum() >= FRAMES, "frames sent (seed " + seed + "): " + report);
            assertTrue(report.requestsSent.sum() >= REQUESTS, "requests sent (seed " + seed + "): " + report);
            assertEquals(0, report.problems.sum(), "seed " + seed + ": " + report);
            List<String> changes = before.unexplainedChanges(EngineState.take(target, metrics, bystanders), report);
            assertEquals(List.of(), changes, "seed " + seed + ": " + report);
        }
    }
}
