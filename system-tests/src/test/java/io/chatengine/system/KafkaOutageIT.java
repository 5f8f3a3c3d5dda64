package io.chatengine.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatengine.testsupport.Await;
import io.chatengine.testsupport.HttpCalls;
import io.chatengine.testsupport.Tokens;
import io.chatengine.testsupport.WsClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The only broker of a local run is frozen (SIGSTOP), then killed: Kafka is unreachable. A send is answered
 * `unavailable` in time and the socket stays open; every service says it is not ready; once the broker runs
 * again, the same ref resent makes exactly one message, and sockets that stayed open are live.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KafkaOutageIT {
    private static final String OFFSET = "6000";
    private static final Duration UNAVAILABLE_WITHIN = Duration.ofSeconds(10);
    /** Longer than CHAT_GATEWAY_TIMEOUT_MS (6 s): presence-stream takes the gateways for dead. */
    private static final Duration BROKER_DOWN = Duration.ofSeconds(10);
    private static LocalRun run;
    private static JsonNode endpoints;
    private static String secret;

    @BeforeAll
    static void up() throws Exception {
        run = LocalRun.up("kafka-outage", OFFSET, "--gateways", "2", "--warmup-seconds", "0");
        endpoints = run.endpoints();
        secret = run.secret();
    }

    @AfterAll
    static void down() {
        run.down(); // continues a frozen broker before stopping it
    }

    @Test
    @Order(1)
    void aFrozenBrokerGetsUnavailableAnswersAndNotReadyServicesThenTheSameRefMakesOneMessage() {
        Talk talk = talk("r1");
        String bob = talk.bob();
        WsClient sender = talk.sender();
        WsClient receiver = talk.receiver();

        Command freeze = run.script("kill", "kafka", "--signal", "STOP");
        assertEquals(0, freeze.exit(), freeze.output());
        long frozenAt = System.nanoTime();
        sender.send(sendFrame(bob, "while Kafka is away", "r2"));
        JsonNode answer = sender.next(UNAVAILABLE_WITHIN.plusSeconds(2), f -> isAnswerTo(f, "r2"));
        long answeredMs = (System.nanoTime() - frozenAt) / 1_000_000;
        assertEquals("error", answer.path("type").asText(), answer.toString());
        assertEquals("unavailable", answer.path("code").asText(), answer.toString());
        assertTrue(answeredMs <= UNAVAILABLE_WITHIN.toMillis(), "answered after " + answeredMs + " ms");
        for (String url : services()) {
            Await.until(Duration.ofSeconds(15), url + " to say it is not ready",
                    () -> HttpCalls.get(url + "/health/ready", null).statusCode() == 503);
        }
        assertFalse(sender.isClosed(), "the socket stays open while Kafka is away");
        assertFalse(receiver.isClosed());

        Command resume = run.script("start", "kafka"); // continues the frozen broker
        assertEquals(0, resume.exit(), resume.output());
        long resumedAt = System.nanoTime();
        for (String url : services()) {
            Await.until(Duration.ofSeconds(60), url + " to be ready again",
                    () -> HttpCalls.get(url + "/health/ready", null).statusCode() == 200);
        }
        System.out.printf("unavailable after %d ms; every service ready %d ms after the broker ran again%n",
                answeredMs, (System.nanoTime() - resumedAt) / 1_000_000);
        JsonNode resent = send(sender, bob, "while Kafka is away", "r2");
        String after = send(sender, bob, "after", "r3").path("id").asText();
        List<String> received = new ArrayList<>();
        received.add(nextMessage(receiver).path("id").asText());
        received.add(nextMessage(receiver).path("id").asText());
        assertEquals(List.of(resent.path("id").asText(), after), received,
                "the resent ref arrives once, then the next message");
    }

    /**
     * The only broker killed for longer than the gateway timeout, then started again: presence-stream took the
     * gateways whose heartbeats stopped for dead, but their sockets stayed open. They must be live again, and get
     * what was sent while they were counted out, without reconnecting.
     */
    @Test
    @Order(2)
    void aBrokerKilledLongerThanTheGatewayTimeoutLeavesOpenSocketsLive() throws InterruptedException {
        Talk talk = talk("k1");
        String bob = talk.bob();
        WsClient sender = talk.sender();
        WsClient receiver = talk.receiver();

        Command kill = run.script("kill", "kafka", "--signal", "KILL");
        assertEquals(0, kill.exit(), kill.output());
        Thread.sleep(BROKER_DOWN.toMillis()); // the fault itself: down longer than the gateway timeout
        Command start = run.script("start", "kafka");
        assertEquals(0, start.exit(), start.output());
        for (String url : services()) {
            Await.until(Duration.ofSeconds(60), url + " to be ready again",
                    () -> HttpCalls.get(url + "/health/ready", null).statusCode() == 200);
        }
        String after = sendUntilSent(sender, bob, "after the broker came back", "k2").path("id").asText();
        assertEquals(after, nextMessage(receiver).path("id").asText(), "the open socket is live again");
        assertFalse(receiver.isClosed());
    }

    /**
     * A gateway frozen longer than the gateway timeout (a long GC pause, a suspended VM) is taken for dead and its
     * connections dropped, while its clients' TCP connections stay open. Once it runs again it must notice that
     * its heartbeats lapsed and announce its sockets again, or they stay open and get nothing.
     */
    @Test
    @Order(3)
    void aGatewayFrozenLongerThanTheGatewayTimeoutMakesItsOpenSocketsLiveAgain() {
        Talk talk = talk("f1");
        String bob = talk.bob();
        WsClient sender = talk.sender();
        WsClient receiver = talk.receiver();
        Await.until(Duration.ofSeconds(10), "bob online", () -> online(bob));

        Command freeze = run.script("kill", "gw-2", "--signal", "STOP");
        assertEquals(0, freeze.exit(), freeze.output());
        Await.until(Duration.ofSeconds(20), "presence-stream to drop the frozen gateway's connections",
                () -> !online(bob));
        Command resume = run.script("start", "gw-2");
        assertEquals(0, resume.exit(), resume.output());
        String during = send(sender, bob, "while bob's gateway was counted out", "f2").path("id").asText();
        assertEquals(during, nextMessage(receiver).path("id").asText(), "the same socket is live again");
        Await.until(Duration.ofSeconds(10), "bob online again", () -> online(bob));
    }

    private static boolean online(String user) {
        String query = endpoints.path("query").get(0).asText();
        var response = HttpCalls.get(query + "/presence/" + user, Tokens.sign(Tokens.claims(user, Duration.ofMinutes(5)), secret));
        return response.statusCode() == 200 && Json.parse(response.body()).path("online").asBoolean();
    }

    /** Sends, and sends again with the same ref while the answer is `unavailable` (Kafka still settling). */
    private static JsonNode sendUntilSent(WsClient client, String to, String text, String ref) {
        return Await.value(Duration.ofSeconds(60), "`sent` for " + ref, () -> {
            client.send(sendFrame(to, text, ref));
            JsonNode answer = client.next(Duration.ofSeconds(15), f -> isAnswerTo(f, ref));
            return "sent".equals(answer.path("type").asText()) ? answer : null;
        });
    }

    /** Two new users, alice on the first gateway and bob on the second, after one message from alice to bob. */
    private record Talk(String alice, String bob, WsClient sender, WsClient receiver) {
    }

    private static Talk talk(String firstRef) {
        String alice = run.createUser("alice");
        String bob = run.createUser("bob");
        WsClient sender = connect(0, alice);
        WsClient receiver = connect(1, bob);
        assertEquals(send(sender, bob, "before", firstRef).path("id").asText(),
                nextMessage(receiver).path("id").asText());
        return new Talk(alice, bob, sender, receiver);
    }

    private static List<String> services() {
        List<String> urls = new ArrayList<>();
        for (JsonNode process : endpoints.path("processes")) {
            if (!process.path("service").asText().equals("kafka")) {
                urls.add(process.path("ops").asText());
            }
        }
        return urls;
    }

    private static WsClient connect(int gateway, String user) {
        String token = Tokens.sign(Tokens.claims(user, Duration.ofMinutes(10)), secret);
        WsClient client = WsClient.connect(endpoints.path("gateways").get(gateway).asText(), token, "");
        assertEquals("welcome", client.next(Duration.ofSeconds(20)).path("type").asText());
        return client;
    }

    private static String sendFrame(String to, String text, String ref) {
        return "{\"type\":\"send\",\"to\":\"" + to + "\",\"text\":\"" + text + "\",\"ref\":\"" + ref + "\"}";
    }

    private static JsonNode send(WsClient client, String to, String text, String ref) {
        client.send(sendFrame(to, text, ref));
        JsonNode answer = client.next(Duration.ofSeconds(20), f -> isAnswerTo(f, ref));
        assertEquals("sent", answer.path("type").asText(), answer.toString());
        return answer;
    }

    /** `sent` or `error` for the ref; the sender's own copy of the message carries the ref too. */
    private static boolean isAnswerTo(JsonNode frame, String ref) {
        String type = frame.path("type").asText();
        return ref.equals(frame.path("ref").asText()) && (type.equals("sent") || type.equals("error"));
    }

    private static JsonNode nextMessage(WsClient client) {
        return client.next(Duration.ofSeconds(30), f -> "message".equals(f.path("type").asText()));
    }
}
