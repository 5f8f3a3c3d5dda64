package io.chatengine.users;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chatengine.common.auth.JwtSettings;
import io.chatengine.common.config.KafkaSettings;
import io.chatengine.common.http.AllowedOrigins;
import io.chatengine.common.config.ServiceSettings;
import io.chatengine.common.http.HttpSettings;
import io.chatengine.common.kafka.KafkaProps;
import io.chatengine.common.kafka.TopicAdmin;
import io.chatengine.common.kafka.TopicFollower;
import io.chatengine.schemas.Topics;
import io.chatengine.schemas.avro.MembersAdded;
import io.chatengine.schemas.avro.RoomCreated;
import io.chatengine.schemas.avro.RoomEvent;
import io.chatengine.schemas.avro.RoomReply;
import io.chatengine.schemas.avro.UserCreated;
import io.chatengine.schemas.avro.UserDeactivated;
import io.chatengine.schemas.avro.UserEvent;
import io.chatengine.testsupport.Await;
import io.chatengine.testsupport.HttpCalls;
import io.chatengine.testsupport.KafkaBroker;
import io.chatengine.testsupport.Tokens;
import io.chatengine.users.config.RoomLimits;
import io.chatengine.users.config.UsersConfig;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Room commands against a real broker, with two instances deciding the same rooms. presence-stream, which answers
 * accepted changes, does not run here: the test reads the rooms topic and stands in for it, answering each event
 * with a body naming the event, so an answer seen over HTTP is the one written for that event.
 */
class RoomCommandsIT {
    private static final String RUN = UUID.randomUUID().toString().substring(0, 6);
    private static final String ALICE = "alice-" + RUN;
    private static final String BOB = "bob-" + RUN;
    private static final String CAROL = "carol-" + RUN;
    private static final String DAVE = "dave-" + RUN;
    private static final String GONE = "gone-" + RUN;
    private static final List<RoomEvent> EVENTS = new CopyOnWriteArrayList<>();
    private static UserCommandService first;
    private static UserCommandService second;
    private static TopicFollower<RoomEvent> rooms;
    private static KafkaProducer<String, RoomReply> answers;

    @BeforeAll
    static void start() {
        KafkaSettings kafka = KafkaBroker.shared().settings("rooms-it-" + RUN);
        TopicAdmin.ensureShared(kafka);
        // the accounts exist before the instances start: their global users store holds them once they are ready
        try (KafkaProducer<String, UserEvent> users = new KafkaProducer<>(KafkaProps.producer(kafka, "rooms-it-users"),
                new StringSerializer(), Topics.USERS.valueSerde().serializer())) {
            for (String user : List.of(ALICE, BOB, CAROL, DAVE, GONE)) {
                users.send(new ProducerRecord<>(Topics.USERS.name(), user,
                        new UserEvent(new UserCreated(user, user, Instant.now(), "root"))));
            }
            users.send(new ProducerRecord<>(Topics.USERS.name(), GONE,
                    new UserEvent(new UserDeactivated(GONE, Instant.now(), "root"))));
        }
        answers = new KafkaProducer<>(KafkaProps.producer(kafka, "rooms-it-presence"), new StringSerializer(),
                Topics.roomReplies("any").valueSerde().serializer());
        rooms = new TopicFollower<>(kafka, "rooms-it-follower", Topics.ROOMS, TopicFollower.From.END,
                KafkaProps.Pace.AT_ONCE, record -> standInForPresence(record.value())).start();
        first = start("rooms-a-" + RUN);
        second = start("rooms-b-" + RUN);
        Await.until(Duration.ofSeconds(90), "both instances ready and the rooms topic followed",
                () -> ready(first) && ready(second) && rooms.caughtUp());
    }

    @AfterAll
    static void stop() {
        first.stop();
        second.stop();
        rooms.close();
        answers.close();
    }

    /** presence-stream's part: each accepted event answered, the body naming the event and its room. */
    private static void standInForPresence(RoomEvent event) {
        EVENTS.add(event);
        if (event.getRequestId() != null) {
            String body = event.getStatus() == 204 ? null : "{\"event\":\"" + event.getEvent().getClass().getSimpleName()
                    + "\",\"requestId\":\"" + event.getRequestId() + "\"}";
            answers.send(new ProducerRecord<>(Topics.roomReplies(event.getReplyTo()).name(), event.getRequestId(),
                    new RoomReply(event.getRequestId(), event.getStatus(), null, null, body, event.getReplyTo())));
        }
    }

    @Test
    void twoCreatesOfOneRoomAtOnceMakeOneRoom() throws Exception {
        for (int round = 0; round < 5; round++) {
            String room = "race-" + round + "-" + RUN;
            CompletableFuture<HttpResponse<String>> byAlice = CompletableFuture.supplyAsync(() ->
                    create(first, Tokens.user(ALICE), "{\"room\":\"" + room + "\",\"title\":\"Race\"}"));
            CompletableFuture<HttpResponse<String>> byBob = CompletableFuture.supplyAsync(() ->
                    create(second, Tokens.user(BOB), "{\"room\":\"" + room + "\",\"title\":\"Race\"}"));
            List<HttpResponse<String>> answered = List.of(byAlice.get(), byBob.get());
            HttpResponse<String> won = answered.stream().filter(r -> r.statusCode() == 201).findFirst()
                    .orElseThrow(() -> new AssertionError(room + ": no 201 in " + bodies(answered)));
            HttpResponse<String> lost = answered.get(won == answered.get(0) ? 1 : 0);
            assertError(lost, 409, "room_taken");
            assertEquals("/rooms/" + room, won.headers().firstValue("Location").orElseThrow());

            // an event after both, in the room's partition: once it is read, every event of the race has been read
            assertEquals(204, HttpCalls.send("DELETE", url(first) + "/rooms/" + room, Tokens.admin(), null)
                    .statusCode());
            List<RoomEvent> created = EVENTS.stream().filter(e -> e.getEvent() instanceof RoomCreated c
                    && c.getRoom().equals(room)).toList();
            assertEquals(1, created.size(), room + ": exactly one RoomCreated");
            assertTrue(won.body().contains("\"requestId\":\"" + created.get(0).getRequestId() + "\""),
                    "the 201 answers the request whose RoomCreated it is: " + won.body());
        }
    }

    @Test
    void aRoomIsCreatedChangedAndClosedEndToEnd() {
        String room = "team-" + RUN;
        String body = "{\"room\":\"" + room + "\",\"title\":\"Team\",\"members\":[\"" + BOB + "\"]}";
        HttpResponse<String> created = create(first, Tokens.user(ALICE), body, "Idempotency-Key", "k-" + room);
        assertEquals(201, created.statusCode(), created.body());
        assertTrue(created.body().contains("RoomCreated"), created.body());
        RoomCreated event = (RoomCreated) EVENTS.stream().filter(e -> e.getEvent() instanceof RoomCreated c
                && c.getRoom().equals(room)).findFirst().orElseThrow().getEvent();
        assertEquals(ALICE, event.getOwner());
        assertEquals(List.of(BOB), event.getMembers());

        HttpResponse<String> retried = create(second, Tokens.user(ALICE), body, "Idempotency-Key", "k-" + room);
        assertEquals(201, retried.statusCode(), "never a 409 for its own success: " + retried.body());
        assertTrue(retried.body().contains("RoomUnchanged"), retried.body());
        assertError(create(second, Tokens.user(ALICE), body.replace("Team", "Other"), "Idempotency-Key", "k-" + room),
                422, "idempotency_key_reused");

        HttpResponse<String> added = add(second, room, Tokens.user(ALICE), CAROL);
        assertEquals(200, added.statusCode(), added.body());
        assertTrue(added.body().contains("MembersAdded"), added.body());
        assertTrue(EVENTS.stream().anyMatch(e -> e.getEvent() instanceof MembersAdded m && m.getRoom().equals(room)
                && m.getUsers().equals(List.of(CAROL))));
        assertError(add(first, room, Tokens.user(BOB), DAVE), 403, "forbidden");
        assertError(add(first, room, Tokens.user(DAVE), DAVE), 404, "not_found");
        assertError(add(first, room, Tokens.user(ALICE), "ghost-" + RUN), 400, "unknown_user");

        assertEquals(204, delete(first, "/rooms/" + room + "/members/" + CAROL, Tokens.user(CAROL)).statusCode());
        assertError(delete(first, "/rooms/" + room + "/members/" + ALICE, Tokens.user(ALICE)), 409,
                "owner_cannot_leave");
        assertEquals(204, delete(second, "/rooms/" + room, Tokens.user(ALICE)).statusCode());
        assertEquals(204, delete(first, "/rooms/" + room, Tokens.admin()).statusCode(), "closing again");
        assertError(add(first, room, Tokens.user(ALICE), DAVE), 403, "forbidden");
    }

    @Test
    void refusalsAreAnsweredEndToEnd() {
        String room = "refused-" + RUN;
        HttpResponse<String> unknown = create(first, Tokens.user(ALICE),
                "{\"room\":\"" + room + "\",\"title\":\"T\",\"members\":[\"ghost-" + RUN + "\"]}");
        assertError(unknown, 400, "unknown_user");
        assertTrue(unknown.body().contains("ghost-" + RUN), unknown.body());
        assertError(create(first, Tokens.user(ALICE), "{\"room\":\"" + room + "\",\"title\":\"T\",\"members\":[\""
                + GONE + "\"]}"), 400, "unknown_user");
        assertError(create(first, Tokens.user(GONE), "{\"room\":\"" + room + "\",\"title\":\"T\"}"), 403, "forbidden");
        assertError(create(first, Tokens.admin(), "{\"room\":\"" + room + "\",\"title\":\"T\",\"owner\":\"ghost-"
                + RUN + "\"}"), 400, "unknown_user");
        assertError(add(second, "nowhere-" + RUN, Tokens.user(ALICE), BOB), 404, "not_found");
        assertError(delete(second, "/rooms/nowhere-" + RUN, Tokens.user(ALICE)), 404, "not_found");
        assertError(delete(second, "/rooms/nowhere-" + RUN + "/members/" + BOB, Tokens.admin()), 404, "not_found");

        assertError(create(first, Tokens.user(ALICE), "{\"room\":\"No Room\",\"title\":\"T\"}"), 400, "invalid_room");
        assertError(create(first, Tokens.user(ALICE), "{\"room\":\"" + room + "\"}"), 400, "bad_request");
        assertError(create(first, Tokens.user(ALICE), "{not json"), 400, "bad_request");
        assertError(create(first, Tokens.user(ALICE), "{\"room\":\"" + room + "\",\"title\":\""
                + "x".repeat(70_000) + "\"}"), 413, "too_large");
        assertError(create(first, null, "{\"room\":\"" + room + "\",\"title\":\"T\"}"), 401, "invalid_token");
        assertError(HttpCalls.get(url(first) + "/rooms", Tokens.user(ALICE)), 405, "method_not_allowed");
        assertTrue(EVENTS.stream().noneMatch(e -> e.getEvent() instanceof RoomCreated c && c.getRoom().equals(room)),
                "nothing was created");
    }

    private static UserCommandService start(String instance) {
        ServiceSettings settings = new ServiceSettings(KafkaBroker.shared().settings(instance), instance, "127.0.0.1",
                0, HttpSettings.DEFAULTS);
        UsersConfig config = new UsersConfig(settings,
                new JwtSettings(Tokens.SECRET.getBytes(StandardCharsets.UTF_8), Optional.empty(), Optional.empty()),
                20, 8_000, 1_000, RoomLimits.DEFAULTS,
                AllowedOrigins.ownOnly());
        UserCommandService service = new UserCommandService(config);
        service.start();
        return service;
    }

    private static boolean ready(UserCommandService service) {
        return HttpCalls.get(url(service) + "/health/ready", null).statusCode() == 200;
    }

    private static String url(UserCommandService service) {
        return "http://127.0.0.1:" + service.port();
    }

    private static HttpResponse<String> create(UserCommandService service, String token, String body,
                                               String... headers) {
        return HttpCalls.send("POST", url(service) + "/rooms", token, body, headers);
    }

    private static HttpResponse<String> add(UserCommandService service, String room, String token, String user) {
        return HttpCalls.send("POST", url(service) + "/rooms/" + room + "/members", token,
                "{\"users\":[\"" + user + "\"]}");
    }

    private static HttpResponse<String> delete(UserCommandService service, String path, String token) {
        return HttpCalls.send("DELETE", url(service) + path, token, null);
    }

    private static void assertError(HttpResponse<String> response, int status, String code) {
        assertEquals(status, response.statusCode(), response.body());
        assertTrue(response.body().contains("\"error\":\"" + code + "\""), response.body());
    }

    private static List<String> bodies(List<HttpResponse<String>> responses) {
        List<String> bodies = new ArrayList<>();
        responses.forEach(r -> bodies.add(r.statusCode() + " " + r.body()));
        return bodies;
    }
}
