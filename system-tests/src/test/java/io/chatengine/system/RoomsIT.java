package io.chatengine.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatengine.system.Engine.Connected;
import io.chatengine.testsupport.Await;
import io.chatengine.testsupport.HttpCalls;
import io.chatengine.testsupport.Tokens;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Rooms end to end, every service its own process against the real broker: commands answered once the room
 * processor has sequenced them, room frames fanned out over two gateways, catch-up from a held seq, typing and
 * reads, removal and close, and what outsiders learn (nothing).
 */
class RoomsIT {
    private static Engine engine;

    @BeforeAll
    static void start() {
        engine = new Engine("rooms");
    }

    @AfterAll
    static void stop() {
        engine.close();
    }

    @Test
    void aRoomOfThreeOverTwoGatewaysGetsEveryFrameOnceInSeqOrder() {
        String alice = engine.createUser("alice");
        String bob = engine.createUser("bob");
        String carol = engine.createUser("carol");
        String room = roomId();
        JsonNode created = created(engine.createRoom(alice, room, List.of(bob, carol)));
        assertEquals(alice, created.path("owner").asText());
        assertEquals(0, created.path("seq").asLong());
        assertEquals(3, created.path("members").size());

        Connected atAlice = engine.connect(engine.gw1, alice, null);
        Connected atBob = engine.connect(engine.gw2, bob, null);
        Connected atCarol = engine.connect(engine.gw1, carol, null);
        for (Connected member : List.of(atAlice, atBob, atCarol)) {
            assertTrue(member.welcome().path("rooms").toString().contains("\"" + room + "\""), member.welcome().toString());
            assertEquals(0, member.subscribe(room, 0L).path("seq").asLong());
        }

        JsonNode sent = atAlice.sendToRoom(room, "hello all", "r1");
        assertEquals("sent", sent.path("type").asText(), sent.toString());
        assertEquals(1, sent.path("seq").asLong());
        assertEquals(room, sent.path("room").asText());
        JsonNode own = atAlice.nextRoomFrame(room);
        assertEquals("r1", own.path("ref").asText(), "the sender's sockets see its ref");
        for (Connected other : List.of(atBob, atCarol)) {
            JsonNode frame = other.nextRoomFrame(room);
            assertEquals("message", frame.path("type").asText());
            assertEquals(1, frame.path("seq").asLong());
            assertEquals(alice, frame.path("from").asText());
            assertFalse(frame.has("ref"), "others do not see the sender's ref");
        }
        assertEquals(2, atBob.sendToRoom(room, "hi", "b1").path("seq").asLong());
        for (Connected member : List.of(atAlice, atBob, atCarol)) {
            assertEquals(List.of(2L), seqs(member, room, 1));
        }
        assertEquals(3, atCarol.sendToRoom(room, "hey", "c1").path("seq").asLong());
        for (Connected member : List.of(atAlice, atBob, atCarol)) {
            assertEquals(List.of(3L), seqs(member, room, 1));
        }
        assertEquals(2, atBob.sendToRoom(room, "hi", "b1").path("seq").asLong(), "a resend of a ref is one message");
        JsonNode conflict = atBob.sendToRoom(room, "something else", "b1");
        assertEquals("ref_conflict", conflict.path("code").asText(), conflict.toString());
    }

    @Test
    void aSubscribeFromAHeldSeqCatchesUpInOrderThenGoesLiveWithNothingTwice() {
        String alice = engine.createUser("alice");
        String bob = engine.createUser("bob");
        String room = roomId();
        created(engine.createRoom(alice, room, List.of(bob)));
        Connected atAlice = engine.connect(engine.gw1, alice, null);
        atAlice.subscribe(room, null);
        for (int i = 1; i <= 5; i++) {
            assertEquals(i, atAlice.sendToRoom(room, "m" + i, "a" + i).path("seq").asLong());
        }
        Connected atBob = engine.connect(engine.gw2, bob, null);
        atBob.client().send("{\"type\":\"subscribe\",\"rooms\":{\"" + room + "\":2}}");
        assertEquals(List.of(3L, 4L, 5L), seqs(atBob, room, 3));
        JsonNode subscribed = atBob.client().nextOfType("subscribed", Engine.WAIT);
        assertEquals(5, subscribed.path("seq").asLong());
        atAlice.sendToRoom(room, "m6", "a6");
        assertEquals(List.of(6L), seqs(atBob, room, 1));
        assertEquals(6, atBob.subscribe(room, 0L).path("seq").asLong(),
                "subscribing again answers subscribed with the latest seq");
        atAlice.sendToRoom(room, "m7", "a7");
        assertEquals(List.of(7L), seqs(atBob, room, 1), "and sends nothing twice");
    }

    @Test
    void anOutsiderLearnsNothingOfARoom() {
        String alice = engine.createUser("alice");
        String eve = engine.createUser("eve");
        String room = roomId();
        created(engine.createRoom(alice, room, List.of()));
        String missing = roomId();
        for (String id : List.of(room, missing)) {
            assertEquals(404, HttpCalls.get(engine.query.httpUrl() + "/rooms/" + id, Tokens.user(eve)).statusCode());
            assertEquals(404, HttpCalls.get(engine.query.httpUrl() + "/rooms/" + id + "/messages", Tokens.user(eve))
                    .statusCode());
            assertEquals(404, HttpCalls.send("POST", engine.users.httpUrl() + "/rooms/" + id + "/members",
                    Tokens.user(eve), "{\"users\":[\"" + eve + "\"]}").statusCode());
            assertEquals(404, HttpCalls.send("DELETE", engine.users.httpUrl() + "/rooms/" + id, Tokens.user(eve), null)
                    .statusCode());
        }
        Connected atEve = engine.connect(engine.gw1, eve, null);
        atEve.client().send("{\"type\":\"subscribe\",\"rooms\":{\"" + room + "\":null}}");
        JsonNode refused = atEve.client().nextOfType("error", Engine.WAIT);
        assertEquals("not_found", refused.path("code").asText());
        assertEquals(room, refused.path("room").asText());
        assertEquals("not_found", atEve.sendToRoom(room, "let me in", "e1").path("code").asText());
    }

    @Test
    void membershipChangesReachTheRoomAndTheMembersOwnInbox() {
        String alice = engine.createUser("alice");
        String bob = engine.createUser("bob");
        String dave = engine.createUser("dave");
        String room = roomId();
        created(engine.createRoom(alice, room, List.of(bob)));
        Connected atBob = engine.connect(engine.gw2, bob, null);
        atBob.subscribe(room, null);
        Connected atDave = engine.connect(engine.gw1, dave, null);

        HttpResponse<String> added = HttpCalls.send("POST", engine.users.httpUrl() + "/rooms/" + room + "/members",
                Tokens.user(alice), "{\"users\":[\"" + dave + "\"]}");
        assertEquals(200, added.statusCode(), added.body());
        JsonNode member = atBob.nextRoomFrame(room);
        assertEquals("member", member.path("type").asText());
        assertEquals(dave, member.path("user").asText());
        assertEquals("added", member.path("change").asText());
        assertEquals(1, member.path("seq").asLong());
        JsonNode inbox = atDave.client().nextOfType("room", Engine.WAIT);
        assertEquals(room, inbox.path("room").asText());
        assertEquals("added", inbox.path("change").asText());
        assertEquals(alice, inbox.path("by").asText());
        assertEquals(1, atDave.subscribe(room, 0L).path("seq").asLong(), "a shared history: dave reads it all");

        assertEquals(204, HttpCalls.send("DELETE", engine.users.httpUrl() + "/rooms/" + room + "/members/" + dave,
                Tokens.user(dave), null).statusCode());
        JsonNode left = atDave.nextRoomFrame(room);
        assertEquals("left", left.path("change").asText(), "a leaving member gets the frame of its own leaving");
        assertEquals("left", atBob.nextRoomFrame(room).path("change").asText());
        assertEquals(409, HttpCalls.send("DELETE", engine.users.httpUrl() + "/rooms/" + room + "/members/" + alice,
                Tokens.user(alice), null).statusCode(), "the owner cannot leave");

        assertEquals(204, HttpCalls.send("DELETE", engine.users.httpUrl() + "/rooms/" + room, Tokens.user(alice), null)
                .statusCode());
        assertEquals("closed", atBob.nextRoomFrame(room).path("type").asText());
        JsonNode refused = atBob.sendToRoom(room, "anyone?", "b-closed");
        assertEquals("forbidden", refused.path("code").asText(), "a closed room takes no sends");
        // query-api reads the room log gathered (up to 100 ms behind the frames): wait for the close to reach it
        JsonNode history = Await.value(Engine.WAIT, "the room's history with its close", () -> {
            JsonNode page = Json.parse(HttpCalls.get(engine.query.httpUrl() + "/rooms/" + room + "/messages",
                    Tokens.user(bob)).body());
            return types(page.path("messages")).contains("closed") ? page : null;
        });
        assertEquals(List.of("closed", "member", "member"), types(history.path("messages")),
                "history is kept, newest first");
    }

    @Test
    void typingAndReadsReachTheOtherMembersAndTheConversationListCountsUnread() {
        String alice = engine.createUser("alice");
        String bob = engine.createUser("bob");
        String room = roomId();
        created(engine.createRoom(alice, room, List.of(bob)));
        Connected atAlice = engine.connect(engine.gw1, alice, null);
        Connected atBob = engine.connect(engine.gw2, bob, null);
        atAlice.subscribe(room, null);
        atBob.subscribe(room, null);

        atBob.client().send("{\"type\":\"typing\",\"room\":\"" + room + "\"}");
        JsonNode typing = atAlice.client().nextOfType("typing", Engine.WAIT);
        assertEquals(bob, typing.path("user").asText());
        assertEquals(room, typing.path("room").asText());

        for (int i = 1; i <= 3; i++) {
            atAlice.sendToRoom(room, "m" + i, "a" + i);
        }
        assertEquals(List.of(1L, 2L, 3L), seqs(atBob, room, 3));
        Await.until(Engine.WAIT, "bob's conversation list counts 3 unread", () -> unreadOf(bob, room) == 3);
        atBob.client().send("{\"type\":\"read\",\"room\":\"" + room + "\",\"seq\":2}");
        JsonNode read = atAlice.client().nextOfType("read", Engine.WAIT);
        assertEquals(bob, read.path("user").asText());
        assertEquals(2, read.path("seq").asLong());
        Await.until(Engine.WAIT, "bob's read moves his unread to 1", () -> unreadOf(bob, room) == 1);
        atBob.client().send("{\"type\":\"read\",\"room\":\"" + room + "\",\"seq\":1}");
        atBob.client().send("{\"type\":\"read\",\"room\":\"" + room + "\",\"seq\":99}");
        JsonNode capped = atAlice.client().nextOfType("read", Engine.WAIT);
        assertEquals(3, capped.path("seq").asLong(), "a lower read changes nothing; one past the latest is the latest");
    }

    @Test
    void twoCreatesOfOneRoomAtTheSameMomentMakeOneRoom() {
        String alice = engine.createUser("alice");
        String bob = engine.createUser("bob");
        String room = roomId();
        List<CompletableFuture<HttpResponse<String>>> creates = new ArrayList<>();
        for (String owner : List.of(alice, bob)) {
            creates.add(CompletableFuture.supplyAsync(() -> engine.createRoom(owner, room, List.of())));
        }
        List<Integer> statuses = creates.stream().map(c -> c.join().statusCode()).sorted().toList();
        assertEquals(List.of(201, 409), statuses);
    }

    private static JsonNode created(HttpResponse<String> response) {
        assertEquals(201, response.statusCode(), response.body());
        return Json.parse(response.body());
    }

    private static long unreadOf(String user, String room) {
        HttpResponse<String> response = HttpCalls.get(engine.query.httpUrl() + "/conversations", Tokens.user(user));
        if (response.statusCode() != 200) {
            return -1;
        }
        for (JsonNode conversation : Json.parse(response.body()).path("conversations")) {
            if (room.equals(conversation.path("room").asText())) {
                return conversation.path("unread").asLong();
            }
        }
        return -1;
    }

    private static List<Long> seqs(Connected member, String room, int count) {
        return IntStream.range(0, count).mapToObj(i -> member.nextRoomFrame(room).path("seq").asLong()).toList();
    }

    private static List<String> types(JsonNode frames) {
        List<String> types = new ArrayList<>();
        frames.forEach(f -> types.add(f.path("type").asText()));
        return types;
    }

    private static String roomId() {
        return "room-" + UUID.randomUUID().toString().substring(0, 8);
    }

}
