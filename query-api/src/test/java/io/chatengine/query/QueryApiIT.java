package io.chatengine.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatengine.common.auth.JwtSettings;
import io.chatengine.common.http.AllowedOrigins;
import io.chatengine.common.http.HttpJson;
import io.chatengine.common.config.ServiceSettings;
import io.chatengine.common.http.HttpSettings;
import io.chatengine.common.kafka.TopicAdmin;
import io.chatengine.query.audit.ReplayMain;
import io.chatengine.query.config.QueryConfig;
import io.chatengine.query.topology.QueryTopology;
import io.chatengine.common.InboxKeys;
import io.chatengine.schemas.Topic;
import io.chatengine.schemas.Topics;
import io.chatengine.schemas.avro.ConnectionEvent;
import io.chatengine.schemas.avro.ConnectionKind;
import io.chatengine.schemas.avro.InboxEntry;
import io.chatengine.schemas.avro.MembersAdded;
import io.chatengine.schemas.avro.MessageCopy;
import io.chatengine.schemas.avro.MessageSent;
import io.chatengine.schemas.avro.Presence;
import io.chatengine.schemas.avro.RoomAction;
import io.chatengine.schemas.avro.RoomCommand;
import io.chatengine.schemas.avro.RoomCreated;
import io.chatengine.schemas.avro.RoomEntry;
import io.chatengine.schemas.avro.RoomEntryKind;
import io.chatengine.schemas.avro.RoomEvent;
import io.chatengine.schemas.avro.RoomMember;
import io.chatengine.schemas.avro.RoomRole;
import io.chatengine.schemas.avro.RoomSend;
import io.chatengine.schemas.avro.RoomState;
import io.chatengine.schemas.avro.UserCreated;
import io.chatengine.schemas.avro.UserDeactivated;
import io.chatengine.schemas.avro.UserEvent;
import io.chatengine.schemas.avro.UserRooms;
import io.chatengine.testsupport.Await;
import io.chatengine.testsupport.HttpCalls;
import io.chatengine.testsupport.KafkaBroker;
import io.chatengine.testsupport.Tokens;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Two query-api instances against a real broker, fed by events written straight to the topics. */
class QueryApiIT {
    private static final String RUN = UUID.randomUUID().toString().substring(0, 6);
    private static final List<String> USERS = new ArrayList<>();
    private static QueryService one;
    private static QueryService two;
    private static KafkaProducer<String, byte[]> producer;
    private static final String ALICE = "alice-" + RUN;
    private static final String BOB = "bob-" + RUN;
    private static final long T0 = System.currentTimeMillis() - 60_000;
    private static final List<String> expectedAudit = new ArrayList<>();
    private static final int PARTITIONS = 3; // KafkaBroker.settings
    // rooms: carol owns a joined-history room with dave (a first member) and erin (added at seq 3), and three
    // shared rooms, one in each partition, so that some are held by the instance that does not hold carol
    private static final String CAROL = inPartition("carol", -1);
    private static final String DAVE = inPartition("dave", (partition(CAROL) + 1) % PARTITIONS);
    private static final String ERIN = inPartition("erin", (partition(CAROL) + 2) % PARTITIONS);
    private static final String OUTSIDER = "outsider-" + RUN;
    private static final String JOINED = "joined-" + RUN;
    private static final List<String> SHARED = List.of(inPartition("shared", 0), inPartition("shared", 1),
            inPartition("shared", 2));
    private static final long R0 = T0 + 40_000; // room and direct activity, in the order the list expects
    private static final List<String> expectedRoomAudit = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        TopicAdmin.ensureShared(KafkaBroker.shared().settings("admin"));
        producer = new KafkaProducer<>(Map.of("bootstrap.servers", KafkaBroker.shared().bootstrapServers(),
                "acks", "all"), Serdes.String().serializer(), Serdes.ByteArray().serializer());
        for (int i = 0; i < 12; i++) {
            String user = "user" + i + "-" + RUN;
            USERS.add(user);
            write(Topics.USERS, user, created(user), T0);
        }
        USERS.add(ALICE);
        USERS.add(BOB);
        audited(write(Topics.USERS, ALICE, created(ALICE), T0), Topics.USERS, "UserCreated");
        write(Topics.USERS, BOB, created(BOB), T0);
        audited(write(Topics.CONNECTIONS, ALICE, connection(ConnectionKind.OPENED, T0 + 1_000), T0 + 1_000),
                Topics.CONNECTIONS, "ConnectionOpened");
        write(Topics.PRESENCE, ALICE, presence(ALICE, true, 1, T0 + 1_000), T0 + 1_000);
        for (int seq = 1; seq <= 5; seq++) {
            long at = T0 + 2_000 + seq;
            MessageSent sent = new MessageSent("m" + seq, seq % 2 == 0 ? BOB : ALICE, seq % 2 == 0 ? ALICE : BOB,
                    "r" + seq, "text " + seq, Instant.ofEpochMilli(at), "gw-1", "c-1", MessageCopy.SENDER);
            audited(write(Topics.MESSAGES, ALICE, sent, at), Topics.MESSAGES, "MessageSent");
            write(Topics.MESSAGES, BOB, sent, at);
            writeEntry(new InboxEntry(ALICE, (long) seq, "m" + seq, sent.getFrom(), sent.getTo(),
                    sent.getRef(), sent.getText(), sent.getAt(), null, null), at);
        }
        audited(write(Topics.CONNECTIONS, ALICE, connection(ConnectionKind.CLOSED, T0 + 10_000), T0 + 10_000),
                Topics.CONNECTIONS, "ConnectionClosed");
        write(Topics.PRESENCE, ALICE, presence(ALICE, false, 0, T0 + 10_000), T0 + 10_000);
        audited(write(Topics.USERS, ALICE, new UserEvent(new UserDeactivated(ALICE,
                Instant.ofEpochMilli(T0 + 20_000), "ops")), T0 + 20_000), Topics.USERS, "UserDeactivated");
        writeRooms();
        one = start("query-one-" + RUN);
        two = start("query-two-" + RUN);
        Await.until(Duration.ofSeconds(90), "both instances to hold every user", () ->
                USERS.stream().allMatch(u -> get(one, "/users/" + u).statusCode() == 200
                        && get(two, "/users/" + u).statusCode() == 200));
        Await.until(Duration.ofSeconds(60), "both instances to answer every room", () ->
                rooms().stream().allMatch(r -> get(one, "/rooms/" + r).statusCode() == 200
                        && get(two, "/rooms/" + r).statusCode() == 200));
    }

    @AfterAll
    static void stop() {
        one.stop();
        two.stop();
        producer.close();
    }

    @Test
    void everyInstanceAnswersKeysItDoesNotHold() {
        int remoteForOne = 0;
        int remoteForTwo = 0;
        for (String user : USERS) {
            int holder = one.streams().queryMetadataForKey(QueryTopology.USERS_STORE, user,
                    Serdes.String().serializer()).activeHost().port();
            remoteForOne += holder != one.port() ? 1 : 0;
            remoteForTwo += holder != two.port() ? 1 : 0;
            for (QueryService instance : List.of(one, two)) {
                JsonNode body = json(get(instance, "/users/" + user));
                assertEquals(user, body.path("username").asText());
            }
        }
        assertTrue(remoteForOne > 0 && remoteForTwo > 0, "each instance holds only part of the keys");
    }

    @Test
    void aUserViewReflectsDeactivation() {
        JsonNode alice = json(get(two, "/users/" + ALICE));
        assertEquals(false, alice.path("active").asBoolean());
        assertEquals("Alice", alice.path("displayName").asText());
        assertEquals(404, get(one, "/users/nobody-" + RUN).statusCode());
        assertEquals(400, get(one, "/users/Not!Valid").statusCode());
    }

    @Test
    void presenceOfManyComesInTheOrderAsked() {
        String asked = String.join(",", BOB, ALICE, USERS.get(3));
        for (QueryService instance : List.of(one, two)) {
            JsonNode users = json(get(instance, "/presence?users=" + asked)).path("users");
            assertEquals(List.of(BOB, ALICE, USERS.get(3)), List.of(users.get(0).path("username").asText(),
                    users.get(1).path("username").asText(), users.get(2).path("username").asText()));
            assertEquals(false, users.get(1).path("online").asBoolean());
            assertTrue(users.get(0).path("lastSeen").isNull(), "never seen");
        }
        assertEquals(400, get(one, "/presence?users=").statusCode());
        assertEquals(404, get(one, "/presence/nobody-" + RUN).statusCode());
    }

    @Test
    void messagesPageBackNewestFirst() {
        String token = Tokens.admin(); // alice is deactivated: her own token reads nothing any more
        String alice = "&user=" + ALICE;
        assertEquals(403, HttpCalls.get(url(one) + "/messages?with=" + BOB, Tokens.user(ALICE)).statusCode());
        for (QueryService instance : List.of(one, two)) {
            JsonNode first = json(HttpCalls.get(url(instance) + "/messages?with=" + BOB + "&limit=2" + alice, token));
            assertEquals(List.of(5L, 4L), seqs(first));
            JsonNode next = json(HttpCalls.get(url(instance) + "/messages?with=" + BOB + "&limit=2&before=4" + alice,
                    token));
            assertEquals(List.of(3L, 2L), seqs(next));
            assertEquals("text 3", next.path("messages").get(0).path("text").asText());
        }
        assertEquals(400, HttpCalls.get(url(one) + "/messages?with=" + BOB + "&limit=501" + alice, token)
                .statusCode());
        assertEquals(403, HttpCalls.get(url(one) + "/messages?with=" + BOB + "&user=" + ALICE,
                Tokens.user(BOB)).statusCode());
        assertEquals(List.of(5L, 4L, 3L, 2L, 1L), seqs(json(HttpCalls.get(url(one) + "/messages?with=" + BOB + "&user="
                + ALICE, Tokens.admin()))));
    }

    @Test
    void everyEndpointNeedsAToken() {
        assertEquals(401, HttpCalls.get(url(one) + "/users/" + ALICE, null).statusCode());
        assertEquals(401, HttpCalls.get(url(one) + "/presence/" + ALICE, Tokens.expired(ALICE)).statusCode());
        assertEquals(403, HttpCalls.get(url(one) + "/audit/events?user=" + ALICE, Tokens.user(ALICE)).statusCode());
    }

    @Test
    void auditReturnsExactlyTheUsersEventsInLogOrderWithTheirPlaceInTheLog() {
        HttpResponse<String> response = HttpCalls.get(url(two) + "/audit/events?user=" + ALICE, Tokens.admin());
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("application/x-ndjson", response.headers().firstValue("Content-Type").orElse(""));
        List<String> lines = response.body().lines().toList();
        assertEquals(expectedAudit, lines.stream().map(QueryApiIT::where).toList());
        HttpResponse<String> window = HttpCalls.get(url(one) + "/audit/events?user=" + ALICE + "&from="
                + Instant.ofEpochMilli(T0 + 2_000) + "&to=" + Instant.ofEpochMilli(T0 + 9_000), Tokens.admin());
        assertEquals(5, window.body().lines().count(), "the five messages only");
        assertEquals(400, HttpCalls.get(url(one) + "/audit/events?user=" + ALICE + "&from=yesterday",
                Tokens.admin()).statusCode());
    }

    @Test
    void replayPrintsTheSameEventsAsTheAuditEndpoint() {
        String audit = HttpCalls.get(url(one) + "/audit/events?user=" + ALICE, Tokens.admin()).body();
        String replayed = ReplayMain.run(new String[] {"events", "--user", ALICE, "--bootstrap",
                KafkaBroker.shared().bootstrapServers()});
        assertEquals(audit, replayed);
    }

    @Test
    void replayedStateAtATimeIsTheStateAtThatTime() {
        JsonNode online = state(T0 + 2_003);
        assertTrue(online.path("exists").asBoolean());
        assertTrue(online.path("active").asBoolean());
        assertTrue(online.path("online").asBoolean());
        assertEquals(1, online.path("connections").asInt());
        assertEquals(3, online.path("inboxLastSeq").asLong(), "messages 1..3 were in at T0+2.003s");
        JsonNode later = state(T0 + 30_000);
        assertEquals(false, later.path("active").asBoolean());
        assertEquals(false, later.path("online").asBoolean());
        assertEquals(5, later.path("inboxLastSeq").asLong());
        assertEquals(false, state(T0 - 1_000).path("exists").asBoolean());
    }

    @Test
    void aMemberGetsTheRoomWithEachMembersReadAndAnOutsiderNotFound() {
        for (QueryService instance : List.of(one, two)) {
            JsonNode room = json(HttpCalls.get(url(instance) + "/rooms/" + JOINED, Tokens.user(ERIN)));
            assertEquals(JOINED, room.path("room").asText());
            assertEquals("joined", room.path("history").asText());
            assertEquals(5, room.path("seq").asLong(), "the log's newest row, newer than the state's 3");
            Map<String, String> members = new java.util.LinkedHashMap<>();
            room.path("members").forEach(m -> members.put(m.path("user").asText(), m.path("role").asText() + "/"
                    + m.path("since").asLong() + "/" + m.path("read").asLong() + "/" + m.path("active").asBoolean()));
            assertEquals(Map.of(CAROL, "owner/0/4/true", DAVE, "member/0/5/true", ERIN, "member/3/0/true"), members);
            HttpResponse<String> outsider = HttpCalls.get(url(instance) + "/rooms/" + JOINED, Tokens.user(OUTSIDER));
            assertEquals(404, outsider.statusCode(), "not 403: the room's existence is not revealed");
            assertEquals("not_found", parse(outsider.body()).path("error").asText());
            assertEquals(404, HttpCalls.get(url(instance) + "/rooms/nothing-" + RUN, Tokens.user(ERIN)).statusCode());
            assertEquals(200, get(instance, "/rooms/" + JOINED).statusCode(), "an admin reads any room");
        }
        assertEquals(400, HttpCalls.get(url(one) + "/rooms/No!Room", Tokens.user(ERIN)).statusCode());
    }

    @Test
    void roomHistoryIsNewestFirstFromWhereAJoinedMemberJoined() {
        for (QueryService instance : List.of(one, two)) {
            String path = url(instance) + "/rooms/" + JOINED + "/messages";
            assertEquals(List.of(5L, 4L, 3L), seqs(json(HttpCalls.get(path, Tokens.user(ERIN)))),
                    "erin joined at 3: her added frame and what followed");
            assertEquals(List.of(5L, 4L, 3L, 2L, 1L), seqs(json(HttpCalls.get(path, Tokens.user(DAVE)))));
            assertEquals(List.of(5L, 4L), seqs(json(HttpCalls.get(path + "?limit=2", Tokens.user(CAROL)))));
            JsonNode page = json(HttpCalls.get(path + "?limit=2&before=4", Tokens.user(CAROL)));
            assertEquals(List.of(3L, 2L), seqs(page));
            assertEquals("member", page.path("messages").get(0).path("type").asText());
            assertEquals(ERIN, page.path("messages").get(0).path("user").asText());
            assertEquals("text 2", page.path("messages").get(1).path("text").asText());
            assertEquals(List.of(5L, 4L, 3L, 2L, 1L), seqs(json(HttpCalls.get(path, Tokens.admin()))));
            assertEquals(404, HttpCalls.get(path, Tokens.user(OUTSIDER)).statusCode());
        }
        assertEquals(400, HttpCalls.get(url(one) + "/rooms/" + JOINED + "/messages?limit=501", Tokens.user(DAVE))
                .statusCode());
        assertEquals(400, HttpCalls.get(url(one) + "/rooms/" + JOINED + "/messages?before=x", Tokens.user(DAVE))
                .statusCode());
    }

    @Test
    void conversationsComeLatestActivityFirstWithUnreadReadAndTheirRead() {
        String carolsHolder = holder(QueryTopology.USERS_STORE, CAROL);
        assertTrue(rooms().stream().anyMatch(r -> !holder(QueryTopology.ROOM_STATE_STORE, r).equals(carolsHolder)),
                "some of carol's rooms are held by the other instance");
        assertTrue(!holder(QueryTopology.USERS_STORE, DAVE).equals(carolsHolder)
                || !holder(QueryTopology.USERS_STORE, ERIN).equals(carolsHolder), "a peer is held elsewhere");
        for (QueryService instance : List.of(one, two)) {
            JsonNode list = json(HttpCalls.get(url(instance) + "/conversations", Tokens.user(CAROL)))
                    .path("conversations");
            List<String> names = new ArrayList<>();
            list.forEach(c -> names.add(c.has("room") ? c.path("room").asText() : c.path("with").asText()));
            assertEquals(List.of(ERIN, SHARED.get(2), SHARED.get(1), SHARED.get(0), DAVE, JOINED), names);
            JsonNode erin = list.get(0);
            assertEquals("message", erin.path("last").path("type").asText());
            assertEquals(5, erin.path("last").path("seq").asLong());
            assertEquals(List.of(0L, 5L, 5L), counts(erin), "her own reply at 5 is read; erin read up to it");
            JsonNode shared = list.get(1);
            assertEquals(1, shared.path("seq").asLong());
            assertEquals(DAVE, shared.path("last").path("from").asText());
            assertEquals(List.of(1L, 0L), List.of(shared.path("unread").asLong(), shared.path("read").asLong()));
            JsonNode dave = list.get(4);
            assertEquals(List.of(1L, 2L, 2L), counts(dave), "d3 unread; her d2 read, and read by dave");
            JsonNode joined = list.get(5);
            assertEquals("Joined room", joined.path("title").asText());
            assertEquals(5, joined.path("seq").asLong());
            assertEquals(List.of(1L, 4L), List.of(joined.path("unread").asLong(), joined.path("read").asLong()));
            assertEquals(5, joined.path("last").path("seq").asLong());

            JsonNode first = json(HttpCalls.get(url(instance) + "/conversations?limit=2", Tokens.user(CAROL)));
            String cursor = first.path("conversations").get(1).path("last").path("at").asText();
            JsonNode next = json(HttpCalls.get(url(instance) + "/conversations?limit=3&before=" + cursor,
                    Tokens.user(CAROL))).path("conversations");
            assertEquals(List.of(SHARED.get(1), SHARED.get(0), DAVE), List.of(next.get(0).path("room").asText(),
                    next.get(1).path("room").asText(), next.get(2).path("with").asText()));
        }
        assertEquals(400, HttpCalls.get(url(one) + "/conversations?before=yesterday", Tokens.user(CAROL))
                .statusCode());
        assertEquals(400, HttpCalls.get(url(one) + "/conversations?limit=0", Tokens.user(CAROL)).statusCode());
        assertEquals(List.of(3L, 2L, 1L), seqs(json(HttpCalls.get(url(two) + "/messages?with=" + DAVE,
                Tokens.user(CAROL)))), "the room entry dave caused in carol's inbox is no message with dave");
    }

    @Test
    void auditByRoomIsEveryEventAboutTheRoomInLogOrder() {
        HttpResponse<String> response = HttpCalls.get(url(one) + "/audit/events?room=" + JOINED, Tokens.admin());
        assertEquals(200, response.statusCode(), response.body());
        List<String> lines = response.body().lines().toList();
        assertEquals(expectedRoomAudit, lines.stream().map(QueryApiIT::where).toList());
        JsonNode created = parse(lines.get(1));
        assertEquals(CAROL, created.path("event").path("owner").asText());
        assertEquals(CAROL, created.path("event").path("by").asText(), "the event's actor beside the change");
        assertEquals(400, HttpCalls.get(url(one) + "/audit/events?room=" + JOINED + "&user=" + CAROL,
                Tokens.admin()).statusCode());
        assertEquals(403, HttpCalls.get(url(one) + "/audit/events?room=" + JOINED, Tokens.user(CAROL))
                .statusCode());
        assertEquals(response.body(), ReplayMain.run(new String[] {"events", "--room", JOINED, "--bootstrap",
                KafkaBroker.shared().bootstrapServers()}));
    }

    @Test
    void replayedRoomStateAtATimeHasItsMembersAndSeqThen() {
        JsonNode before = roomState(R0 + 2);
        assertTrue(before.path("exists").asBoolean());
        assertEquals(2, before.path("seq").asLong());
        assertEquals(List.of(CAROL + "/owner/0", DAVE + "/member/0"), members(before));
        JsonNode after = roomState(R0 + 100);
        assertEquals(5, after.path("seq").asLong());
        assertEquals(List.of(CAROL + "/owner/0", DAVE + "/member/0", ERIN + "/member/3"), members(after));
        assertEquals(false, roomState(R0 - 30_000).path("exists").asBoolean());
    }

    private static JsonNode roomState(long at) {
        return parse(ReplayMain.run(new String[] {"state", "--room", JOINED, "--at",
                Instant.ofEpochMilli(at).toString(), "--bootstrap", KafkaBroker.shared().bootstrapServers()}));
    }

    private static List<String> members(JsonNode state) {
        List<String> members = new ArrayList<>();
        state.path("members").forEach(m -> members.add(m.path("user").asText() + "/" + m.path("role").asText() + "/"
                + m.path("since").asLong()));
        return members;
    }

    private static List<Long> counts(JsonNode direct) {
        return List.of(direct.path("unread").asLong(), direct.path("read").asLong(),
                direct.path("theirRead").asLong());
    }

    private static String holder(String store, String key) {
        return one.streams().queryMetadataForKey(store, key, Serdes.String().serializer()).activeHost().toString();
    }

    private static List<String> rooms() {
        List<String> rooms = new ArrayList<>(SHARED);
        rooms.add(JOINED);
        return rooms;
    }

    /** What presence-stream and the room commands would have written about the rooms, straight to the topics. */
    private static void writeRooms() throws Exception {
        for (String user : List.of(CAROL, DAVE, ERIN, OUTSIDER)) {
            USERS.add(user);
            write(Topics.USERS, user, created(user), T0);
        }
        long at = R0 - 10;
        roomAudited(write(Topics.ROOM_COMMANDS, JOINED, new RoomCommand("q1", "users-1", RoomAction.CREATE, JOINED,
                "Joined room", "joined", CAROL, List.of(DAVE), null, CAROL, false, Instant.ofEpochMilli(at)), at),
                Topics.ROOM_COMMANDS, "RoomCommand");
        roomAudited(write(Topics.ROOMS, JOINED, new RoomEvent(new RoomCreated(JOINED, "Joined room", CAROL, "joined",
                List.of(DAVE)), CAROL, Instant.ofEpochMilli(at + 1), "q1", "users-1", 201), at + 1), Topics.ROOMS,
                "RoomCreated");
        write(Topics.ROOM_STATE, JOINED, roomState(JOINED, "joined", 0, DAVE + ":0"), at + 1);
        for (long seq = 1; seq <= 5; seq++) {
            long when = R0 + seq;
            String from = seq == 1 ? CAROL : seq == 4 ? ERIN : DAVE;
            RoomEntry entry = seq == 3
                    ? new RoomEntry(JOINED, 3L, RoomEntryKind.MEMBER, null, null, null, null, ERIN, "added", CAROL,
                            Instant.ofEpochMilli(when))
                    : said(JOINED, seq, from, when);
            if (seq == 3) {
                // the event comes before its log row (a millisecond earlier: the audit orders by time)
                roomAudited(write(Topics.ROOMS, JOINED, new RoomEvent(new MembersAdded(JOINED, List.of(ERIN)), CAROL,
                        Instant.ofEpochMilli(when - 1), "q2", "users-1", 200), when - 1), Topics.ROOMS,
                        "MembersAdded");
                write(Topics.ROOM_STATE, JOINED, roomState(JOINED, "joined", 3, DAVE + ":0", ERIN + ":3"), when);
            } else if (seq == 4) {
                roomAudited(write(Topics.ROOM_SENDS, JOINED, new RoomSend(entry.getId(), JOINED, ERIN, "r4", "text 4",
                        Instant.ofEpochMilli(when - 1), "gw-1", "c-9"), when - 1), Topics.ROOM_SENDS, "RoomSend");
            }
            roomAudited(writeIn(Topics.ROOM_LOG, JOINED, InboxKeys.entry(JOINED, seq), entry, when), Topics.ROOM_LOG,
                    "RoomEntry");
        }
        writeIn(Topics.ROOM_READS, JOINED, InboxKeys.pair(JOINED, CAROL), 4L, R0 + 6);
        writeIn(Topics.ROOM_READS, JOINED, InboxKeys.pair(JOINED, DAVE), 5L, R0 + 6);
        for (int i = 0; i < SHARED.size(); i++) {
            String room = SHARED.get(i);
            write(Topics.ROOM_STATE, room, roomState(room, "shared", 0, DAVE + ":0"), R0);
            writeIn(Topics.ROOM_LOG, room, InboxKeys.entry(room, 1), said(room, 1, DAVE, R0 + 10 + i), R0 + 10 + i);
        }
        write(Topics.USER_ROOMS, CAROL, new UserRooms(CAROL, rooms()), R0);
        write(Topics.USER_ROOMS, ERIN, new UserRooms(ERIN, List.of(JOINED)), R0);
        // direct: carol and dave (d1 d2 d3), carol and erin (e1 e2), each message in both inboxes under own seqs
        direct(List.of(CAROL, DAVE), 1, "d1", DAVE, CAROL, R0 + 6);
        direct(List.of(CAROL, DAVE), 2, "d2", CAROL, DAVE, R0 + 7);
        direct(List.of(CAROL, DAVE), 3, "d3", DAVE, CAROL, R0 + 8);
        writeEntry(new InboxEntry(CAROL, 4L, "e1", ERIN, CAROL, null, "text e1", Instant.ofEpochMilli(R0 + 9), null,
                null), R0 + 9);
        writeEntry(new InboxEntry(ERIN, 1L, "e1", ERIN, CAROL, null, "text e1", Instant.ofEpochMilli(R0 + 9), null,
                null), R0 + 9);
        writeEntry(new InboxEntry(CAROL, 5L, "e2", CAROL, ERIN, null, "text e2", Instant.ofEpochMilli(R0 + 13), null,
                null), R0 + 13);
        writeEntry(new InboxEntry(ERIN, 2L, "e2", CAROL, ERIN, null, "text e2", Instant.ofEpochMilli(R0 + 13), null,
                null), R0 + 13);
        writeEntry(new InboxEntry(CAROL, 6L, "room:" + SHARED.get(0) + ":0", DAVE, CAROL, null, "added",
                Instant.ofEpochMilli(R0 + 14), SHARED.get(0), 0L), R0 + 14);
        writeIn(Topics.READS, DAVE, InboxKeys.pair(DAVE, CAROL), 2L, R0 + 15);
        writeIn(Topics.READS, ERIN, InboxKeys.pair(ERIN, CAROL), 2L, R0 + 15);
    }

    /** One direct message at the same seq in each inbox (the owners' seqs need not match; here they do). */
    private static void direct(List<String> owners, long seq, String id, String from, String to, long at)
            throws Exception {
        for (String owner : owners) {
            writeEntry(new InboxEntry(owner, seq, id, from, to, null, "text " + id, Instant.ofEpochMilli(at), null,
                    null), at);
        }
    }

    private static RoomEntry said(String room, long seq, String from, long at) {
        return new RoomEntry(room, seq, RoomEntryKind.MESSAGE, room + "-m" + seq, from, "r" + seq, "text " + seq,
                null, null, null, Instant.ofEpochMilli(at));
    }

    private static RoomState roomState(String room, String history, long seq, String... members) {
        List<RoomMember> list = new ArrayList<>(List.of(new RoomMember(CAROL, RoomRole.OWNER, 0L)));
        for (String member : members) {
            String[] parts = member.split(":");
            list.add(new RoomMember(parts[0], RoomRole.MEMBER, Long.parseLong(parts[1])));
        }
        return new RoomState(room, room.equals(JOINED) ? "Joined room" : "Shared " + room, CAROL, history,
                Instant.ofEpochMilli(R0 - 10), false, -1L, seq, list);
    }

    private static void roomAudited(RecordMetadata metadata, Topic<?> topic, String type) {
        expectedRoomAudit.add(topic.name() + "/" + metadata.partition() + "/" + metadata.offset() + "/" + type);
    }

    /** A record keyed by one of {@code owner}'s rows, in the owner's partition, as presence-stream's stores write it. */
    private static <V> RecordMetadata writeIn(Topic<V> topic, String owner, String key, V value, long timestamp)
            throws Exception {
        byte[] bytes = topic.valueSerde().serializer().serialize(topic.name(), value);
        return producer.send(new ProducerRecord<>(topic.name(), partition(owner), timestamp, key, bytes)).get();
    }

    private static int partition(String key) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % PARTITIONS;
    }

    /** {@code prefix-N-RUN} for the first N whose key is in the partition (-1: any). */
    private static String inPartition(String prefix, int wanted) {
        for (int n = 0; ; n++) {
            String name = prefix + "-" + n + "-" + RUN;
            if (wanted < 0 || partition(name) == wanted) {
                return name;
            }
        }
    }

    private static JsonNode state(long at) {
        return parse(ReplayMain.run(new String[] {"state", "--user", ALICE, "--at", Instant.ofEpochMilli(at).toString(),
                "--bootstrap", KafkaBroker.shared().bootstrapServers()}));
    }

    private static String where(String line) {
        JsonNode json = parse(line);
        return json.path("topic").asText() + "/" + json.path("partition").asInt() + "/" + json.path("offset").asLong()
                + "/" + json.path("type").asText();
    }

    private static void audited(RecordMetadata metadata, Topic<?> topic, String type) {
        expectedAudit.add(topic.name() + "/" + metadata.partition() + "/" + metadata.offset() + "/" + type);
    }

    private static <V> RecordMetadata write(Topic<V> topic, String key, V value, long timestamp) throws Exception {
        byte[] bytes = topic.valueSerde().serializer().serialize(topic.name(), value);
        return producer.send(new ProducerRecord<>(topic.name(), null, timestamp, key, bytes)).get();
    }

    /** An inbox entry as presence-stream writes it: keyed by entry, in the partition of its owner. */
    private static void writeEntry(InboxEntry entry, long timestamp) throws Exception {
        byte[] bytes = Topics.INBOX.valueSerde().serializer().serialize(Topics.INBOX.name(), entry);
        producer.send(new ProducerRecord<>(Topics.INBOX.name(), partition(entry.getOwner()), timestamp,
                InboxKeys.entry(entry.getOwner(), entry.getSeq()), bytes)).get();
    }

    private static UserEvent created(String user) {
        return new UserEvent(new UserCreated(user, user.startsWith("alice") ? "Alice" : "User",
                Instant.ofEpochMilli(T0), "ops"));
    }

    private static ConnectionEvent connection(ConnectionKind kind, long at) {
        return new ConnectionEvent(kind, ALICE, "gw-1", 1L, "c-1", null, Instant.ofEpochMilli(at));
    }

    private static Presence presence(String user, boolean online, int connections, long at) {
        return new Presence(user, online, connections, Instant.ofEpochMilli(at), Instant.ofEpochMilli(at), List.of());
    }

    private static QueryService start(String instance) {
        ServiceSettings settings = new ServiceSettings(KafkaBroker.shared().settings(instance), instance, "127.0.0.1",
                0, HttpSettings.DEFAULTS);
        QueryConfig config = new QueryConfig(settings,
                new JwtSettings(Tokens.SECRET.getBytes(StandardCharsets.UTF_8), Optional.empty(), Optional.empty()),
                "127.0.0.1", 20,
                AllowedOrigins.of("http://page.example"));
        QueryService service = new QueryService(config);
        service.start();
        return service;
    }

    private static HttpResponse<String> get(QueryService instance, String path) {
        return HttpCalls.get(url(instance) + path, Tokens.admin());
    }

    private static String url(QueryService instance) {
        return "http://127.0.0.1:" + instance.port();
    }

    private static List<Long> seqs(JsonNode body) {
        List<Long> seqs = new ArrayList<>();
        body.path("messages").forEach(m -> seqs.add(m.path("seq").asLong()));
        return seqs;
    }

    private static JsonNode json(HttpResponse<String> response) {
        assertEquals(200, response.statusCode(), response.body());
        return parse(response.body());
    }

    private static JsonNode parse(String text) {
        try {
            return HttpJson.MAPPER.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
