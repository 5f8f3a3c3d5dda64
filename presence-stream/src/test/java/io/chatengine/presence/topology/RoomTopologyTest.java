package io.chatengine.presence.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatengine.common.InboxKeys;
import io.chatengine.common.RoomIds;
import io.chatengine.common.config.KafkaSettings;
import io.chatengine.common.http.HttpJson;
import io.chatengine.common.config.ServiceSettings;
import io.chatengine.common.http.HttpSettings;
import io.chatengine.presence.config.PresenceConfig;
import io.chatengine.schemas.Topics;
import io.chatengine.schemas.TopicSettings;
import io.chatengine.schemas.avro.Delivery;
import io.chatengine.schemas.avro.GatewayHeartbeat;
import io.chatengine.schemas.avro.InterestKind;
import io.chatengine.schemas.avro.MemberRemoved;
import io.chatengine.schemas.avro.MembersAdded;
import io.chatengine.schemas.avro.RoomClosed;
import io.chatengine.schemas.avro.RoomCreated;
import io.chatengine.schemas.avro.RoomDelivery;
import io.chatengine.schemas.avro.RoomEntry;
import io.chatengine.schemas.avro.RoomEvent;
import io.chatengine.schemas.avro.RoomInterest;
import io.chatengine.schemas.avro.RoomMembership;
import io.chatengine.schemas.avro.RoomReply;
import io.chatengine.schemas.avro.RoomSend;
import io.chatengine.schemas.avro.RoomState;
import io.chatengine.schemas.avro.RoomUnchanged;
import io.chatengine.schemas.avro.SequencedFrame;
import io.chatengine.schemas.avro.Signal;
import io.chatengine.schemas.avro.SignalKind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RoomTopologyTest {
    private static final Instant START = Instant.parse("2026-11-23T10:00:00Z");
    private static final long TIMEOUT_MS = 6_000;
    private static final String ROOM = "team-a";
    private static final String ASKING_INSTANCE = "cmd-1";
    private static final String ROOM_GATEWAYS_CHANGELOG = "presence-stream-room-gateways-changelog";
    private TopologyTestDriver driver;
    private TestInputTopic<String, RoomEvent> rooms;
    private TestInputTopic<String, RoomSend> sends;
    private TestInputTopic<String, RoomInterest> interest;
    private TestInputTopic<String, Signal> signals;
    private TestInputTopic<String, GatewayHeartbeat> heartbeats;
    private TestOutputTopic<String, RoomReply> replies;
    private TestOutputTopic<String, RoomMembership> memberships;
    private TestOutputTopic<String, RoomEntry> roomLog;
    private TestOutputTopic<String, Long> roomReads;
    private final Map<String, TestOutputTopic<String, Delivery>> gateways = new HashMap<>();
    private Instant now = START;
    private int requests;

    @BeforeEach
    void start() throws IOException {
        KafkaSettings kafka = new KafkaSettings("unused:9092", new TopicSettings(1, (short) 1, 3_600_000),
                Files.createTempDirectory("room-test").toString());
        PresenceConfig config = new PresenceConfig(new ServiceSettings(kafka, "presence-test", "127.0.0.1", 0, HttpSettings.DEFAULTS), 20,
                TIMEOUT_MS, 1_000, 60_000);
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, PresenceConfig.APPLICATION_ID); // its changelogs are topics
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, kafka.stateDir());
        driver = new TopologyTestDriver(PresenceTopology.build(config), props, START);
        rooms = driver.createInputTopic(Topics.ROOMS.name(), Serdes.String().serializer(),
                Topics.ROOMS.valueSerde().serializer());
        sends = driver.createInputTopic(Topics.ROOM_SENDS.name(), Serdes.String().serializer(),
                Topics.ROOM_SENDS.valueSerde().serializer());
        interest = driver.createInputTopic(Topics.ROOM_INTEREST.name(), Serdes.String().serializer(),
                Topics.ROOM_INTEREST.valueSerde().serializer());
        signals = driver.createInputTopic(Topics.ROOM_SIGNALS.name(), Serdes.String().serializer(),
                Topics.ROOM_SIGNALS.valueSerde().serializer());
        heartbeats = driver.createInputTopic(Topics.GATEWAYS.name(), Serdes.String().serializer(),
                Topics.GATEWAYS.valueSerde().serializer());
        replies = driver.createOutputTopic(Topics.roomReplies(ASKING_INSTANCE).name(), Serdes.String().deserializer(),
                Topics.roomReplies(ASKING_INSTANCE).valueSerde().deserializer());
        memberships = driver.createOutputTopic(Topics.ROOM_MEMBERS.name(), Serdes.String().deserializer(),
                Topics.ROOM_MEMBERS.valueSerde().deserializer());
        roomLog = driver.createOutputTopic(Topics.ROOM_LOG.name(), Serdes.String().deserializer(),
                Topics.ROOM_LOG.valueSerde().deserializer());
        roomReads = driver.createOutputTopic(Topics.ROOM_READS.name(), Serdes.String().deserializer(),
                Topics.ROOM_READS.valueSerde().deserializer());
        for (String gateway : List.of("gw-1", "gw-2", "gw-3")) {
            heartbeat(gateway, 1);
        }
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    @Test
    void creatingARoomAnswers201WithTheRoomAndTellsEachMember() {
        create(ROOM, "alice", "shared", "bob", "carol");
        RoomReply reply = replies.readValue();
        assertEquals(201, reply.getStatus());
        assertEquals(ASKING_INSTANCE, reply.getReplyTo(), "the reply names the topic it is written to");
        JsonNode body = json(reply.getBody());
        assertEquals(ROOM, body.path("room").asText());
        assertEquals("alice", body.path("owner").asText());
        assertEquals(0, body.path("seq").asLong());
        assertEquals(List.of("alice:owner:0", "bob:member:0", "carol:member:0"), members(body));
        assertEquals(List.of("alice:added:0", "bob:added:0", "carol:added:0"), memberships.readRecordsToList().stream()
                .map(r -> r.key() + ":" + r.value().getChange() + ":" + r.value().getRoomSeq()).toList());
        assertTrue(roomLog.isEmpty(), "the first members get no frame");
    }

    @Test
    void addedMembersEachGetTheNextSeqAndAMemberFrame() {
        create(ROOM, "alice", "shared", "bob");
        subscribe(ROOM, "alice", "gw-1", "a-1", null);
        drain();
        add(ROOM, "dave", "erin", "bob");
        assertEquals(List.of("1:dave:added", "2:erin:added"), roomLog.readValuesToList().stream()
                .map(e -> e.getSeq() + ":" + e.getUser() + ":" + e.getChange()).toList(), "bob is in already");
        List<Delivery> frames = gateway("gw-1").readValuesToList();
        assertEquals(List.of(1L, 2L), frames.stream().map(Delivery::getSeq).toList());
        assertTrue(frames.stream().allMatch(d -> d.getRoomDelivery() == RoomDelivery.BROADCAST));
        JsonNode member = json(frames.get(0).getFrame());
        assertEquals("member", member.path("type").asText());
        assertEquals("dave", member.path("user").asText());
        assertEquals("alice", member.path("by").asText());
        assertEquals(List.of("dave:added:1", "erin:added:2"), memberships.readValuesToList().stream()
                .map(m -> m.getUser() + ":" + m.getChange() + ":" + m.getRoomSeq()).toList());
        JsonNode body = json(replies.readValue().getBody());
        assertEquals(2, body.path("seq").asLong());
        assertEquals(List.of("alice:owner:0", "bob:member:0", "dave:member:1", "erin:member:2"), members(body));
    }

    @Test
    void aRemovedMemberGetsItsOwnRemovalThenCannotSend() {
        create(ROOM, "alice", "shared", "bob");
        subscribe(ROOM, "bob", "gw-1", "b-1", null);
        drain();
        remove(ROOM, "bob", false);
        Delivery removal = gateway("gw-1").readValue();
        assertEquals("bob", removal.getRemoves(), "the gateway unsubscribes bob's sockets after the frame");
        assertEquals("removed", json(removal.getFrame()).path("change").asText());
        assertEquals(List.of("bob:removed:1"), memberships.readValuesToList().stream()
                .map(m -> m.getUser() + ":" + m.getChange() + ":" + m.getRoomSeq()).toList());
        assertNull(replies.readValue().getBody(), "204");
        assertNull(RoomStates.member(driver.<String, RoomState>getKeyValueStore(StoreNames.ROOM_STATE).get(ROOM),
                "bob"));
        send(ROOM, "bob", "b1", "hi", "gw-1", "b-1");
        assertEquals("not_found", json(gateway("gw-1").readValue().getFrame()).path("code").asText());
    }

    @Test
    void aMessageIsSequencedBroadcastOncePerGatewayAndAnsweredInItsSendersDelivery() {
        create(ROOM, "alice", "shared", "bob", "carol");
        subscribe(ROOM, "alice", "gw-1", "a-1", null);
        subscribe(ROOM, "bob", "gw-2", "b-1", null);
        subscribe(ROOM, "carol", "gw-2", "c-1", null);
        drain();
        send(ROOM, "alice", "a1", "hi", "gw-1", "a-1");
        List<RoomEntry> rows = roomLog.readValuesToList();
        assertEquals(1, rows.size());
        assertEquals(1L, rows.get(0).getSeq());
        Delivery onSendersGateway = gateway("gw-1").readValue();
        Delivery onOther = gateway("gw-2").readValue();
        assertTrue(gateway("gw-1").isEmpty() && gateway("gw-2").isEmpty(), "one delivery per gateway");
        for (Delivery delivery : List.of(onSendersGateway, onOther)) {
            assertEquals(RoomDelivery.BROADCAST, delivery.getRoomDelivery());
            assertEquals(ROOM, delivery.getRoom());
            assertEquals(1L, delivery.getSeq());
            assertFalse(json(delivery.getFrame()).has("ref"), "the ref is the sender's");
            assertEquals("alice", delivery.getAuthor());
            assertEquals("a1", json(delivery.getAuthorFrame()).path("ref").asText());
        }
        JsonNode sent = json(onSendersGateway.getAnswerFrame());
        assertEquals("sent", sent.path("type").asText());
        assertEquals(1, sent.path("seq").asLong());
        assertEquals(ROOM, sent.path("room").asText());
        assertEquals(List.of("a-1"), onSendersGateway.getConnections());
        assertEquals(RoomIds.messageId("alice", ROOM, "a1"), onSendersGateway.getAnswers());
        assertNull(onOther.getAnswerFrame());
    }

    @Test
    void theSenderIsAnsweredAloneWhenItsGatewayHasNoSubscribedSocket() {
        create(ROOM, "alice", "shared", "bob");
        subscribe(ROOM, "bob", "gw-2", "b-1", null);
        drain();
        send(ROOM, "alice", "a1", "hi", "gw-1", "a-1");
        Delivery answer = gateway("gw-1").readValue();
        assertEquals(RoomDelivery.DIRECT, answer.getRoomDelivery());
        assertEquals("sent", json(answer.getFrame()).path("type").asText());
        assertEquals(List.of("a-1"), answer.getConnections());
        assertEquals("gw-1", answer.getGateway(), "each delivery names the gateway whose topic it is written to");
        Delivery message = gateway("gw-2").readValue();
        assertEquals(1L, message.getSeq());
        assertEquals("gw-2", message.getGateway());
    }

    @Test
    void aMessageCostsOneLogRowAndOneDeliveryPerGatewayWhateverTheMemberCount() {
        int few = recordsOfOneMessage("small", 3);
        int many = recordsOfOneMessage("large", 50);
        assertEquals(1 + 2, few, "one log row, one delivery for each of the 2 gateways");
        assertEquals(few, many);
    }

    private int recordsOfOneMessage(String room, int members) {
        String[] others = IntStream.range(1, members).mapToObj(i -> "user" + i).toArray(String[]::new);
        create(room, "alice", "shared", others);
        subscribe(room, "alice", "gw-1", "a-1", null);
        for (int i = 1; i < members; i++) {
            subscribe(room, "user" + i, i % 2 == 0 ? "gw-1" : "gw-2", "u-" + i, null);
        }
        countOutputRecords();
        send(room, "alice", "m1", "hello", "gw-1", "a-1");
        return countOutputRecords();
    }

    @Test
    void aResendOfTheSameRefIsOneMessageAnsweredAgain() {
        create(ROOM, "alice", "shared", "bob");
        subscribe(ROOM, "alice", "gw-1", "a-1", null);
        drain();
        send(ROOM, "alice", "a1", "hi", "gw-1", "a-1");
        now = now.plusSeconds(5);
        send(ROOM, "alice", "a1", "hi", "gw-1", "a-1");
        send(ROOM, "alice", "a2", "next", "gw-1", "a-1");
        assertEquals(List.of(1L, 2L), roomLog.readValuesToList().stream().map(RoomEntry::getSeq).toList());
        List<Delivery> deliveries = gateway("gw-1").readValuesToList();
        assertEquals(List.of(1L, 1L, 2L), deliveries.stream().map(Delivery::getSeq).toList(),
                "routed again under the seq it has, harmlessly");
        assertEquals(deliveries.get(0).getAnswerFrame(), deliveries.get(1).getAnswerFrame(), "the same answer");
    }

    @Test
    void aRefUsedForAnotherTextIsAConflictAndGoesNowhere() {
        create(ROOM, "alice", "shared", "bob");
        subscribe(ROOM, "bob", "gw-2", "b-1", null);
        drain();
        send(ROOM, "alice", "a1", "hi", "gw-1", "a-1");
        drain();
        send(ROOM, "alice", "a1", "something else", "gw-1", "a-1");
        Delivery answer = gateway("gw-1").readValue();
        assertEquals(RoomDelivery.DIRECT, answer.getRoomDelivery());
        JsonNode error = json(answer.getFrame());
        assertEquals("ref_conflict", error.path("code").asText());
        assertEquals("a1", error.path("ref").asText());
        assertEquals(RoomIds.messageId("alice", ROOM, "a1"), answer.getAnswers());
        assertTrue(roomLog.isEmpty());
        assertTrue(gateway("gw-2").isEmpty());
    }

    @Test
    void aSendFromANonMemberOrToNoSuchRoomIsNotFound() {
        create(ROOM, "alice", "shared", "bob");
        subscribe(ROOM, "alice", "gw-1", "a-1", null);
        drain();
        send(ROOM, "eve", "e1", "hi", "gw-2", "e-1");
        send("nowhere", "eve", "e2", "hi", "gw-2", "e-1");
        List<Delivery> answers = gateway("gw-2").readValuesToList();
        assertEquals(List.of("not_found:team-a", "not_found:nowhere"), answers.stream().map(d -> json(d.getFrame()))
                .map(f -> f.path("code").asText() + ":" + f.path("room").asText()).toList());
        assertTrue(answers.stream().allMatch(d -> d.getConnections().equals(List.of("e-1"))));
        assertTrue(roomLog.isEmpty());
        assertTrue(gateway("gw-1").isEmpty(), "the room's sockets get nothing");
    }

    @Test
    void aClosedRoomRefusesSendsAsForbidden() {
        create(ROOM, "alice", "shared", "bob");
        subscribe(ROOM, "bob", "gw-2", "b-1", null);
        drain();
        close(ROOM);
        assertEquals("closed", json(gateway("gw-2").readValue().getFrame()).path("type").asText());
        assertEquals(List.of("alice:closed:1", "bob:closed:1"), memberships.readValuesToList().stream()
                .map(m -> m.getUser() + ":" + m.getChange() + ":" + m.getRoomSeq()).toList());
        assertTrue(json(replies.readValue().getBody()).path("closed").asBoolean());
        send(ROOM, "bob", "b1", "hi", "gw-2", "b-1");
        assertEquals("forbidden", json(gateway("gw-2").readValue().getFrame()).path("code").asText());
        assertEquals(List.of(1L), roomLog.readValuesToList().stream().map(RoomEntry::getSeq).toList());
    }

    @Test
    void aSubscribeFromNGetsTheFramesAfterNInOrderThenSubscribed() {
        create(ROOM, "alice", "shared", "bob");
        for (int i = 1; i <= 5; i++) {
            send(ROOM, "alice", "a" + i, "m" + i, "gw-1", "a-1");
        }
        drain();
        subscribe(ROOM, "bob", "gw-2", "b-1", 2L);
        Delivery page = gateway("gw-2").readValue();
        assertEquals(RoomDelivery.PAGE, page.getRoomDelivery());
        assertEquals(List.of("b-1"), page.getConnections());
        assertEquals(List.of(3L, 4L, 5L), page.getThen().stream().map(SequencedFrame::getSeq).toList());
        assertEquals(List.of("m3", "m4", "m5"), page.getThen().stream()
                .map(f -> json(f.getFrame()).path("text").asText()).toList());
        assertFalse(page.getMore());
        JsonNode subscribed = json(page.getFrame());
        assertEquals("subscribed", subscribed.path("type").asText());
        assertEquals(5, subscribed.path("seq").asLong());
        send(ROOM, "alice", "a6", "m6", "gw-1", "a-1");
        assertEquals(6L, gateway("gw-2").readValue().getSeq(), "then live frames");
    }

    @Test
    void aSubscribeWithoutSinceGetsNoBacklogAndTheSubscribersOwnMessagesCarryTheirRef() {
        create(ROOM, "alice", "shared", "bob");
        send(ROOM, "alice", "a1", "mine", "gw-1", "a-1");
        send(ROOM, "bob", "b1", "theirs", "gw-2", "b-1");
        drain();
        subscribe(ROOM, "alice", "gw-1", "a-2", null);
        assertTrue(gateway("gw-1").readValue().getThen().isEmpty());
        subscribe(ROOM, "alice", "gw-1", "a-2", 0L);
        List<JsonNode> frames = gateway("gw-1").readValue().getThen().stream().map(f -> json(f.getFrame())).toList();
        assertEquals("a1", frames.get(0).path("ref").asText());
        assertFalse(frames.get(1).has("ref"));
    }

    @Test
    void aLongCatchUpComesInPagesMarkedMoreAskedForFromWhatTheSocketHolds() {
        create(ROOM, "alice", "shared", "bob");
        String text = "x".repeat(4_000);
        for (int i = 1; i <= 100; i++) {
            send(ROOM, "alice", "r" + i, text, "gw-1", "a-1");
        }
        drain();
        List<Long> seqs = new ArrayList<>();
        long held = 0;
        int pages = 0;
        boolean more = true;
        while (more) {
            subscribe(ROOM, "bob", "gw-2", "b-1", held);
            List<Delivery> deliveries = gateway("gw-2").readValuesToList();
            assertEquals(1, deliveries.size(), "a page is one delivery");
            Delivery page = deliveries.get(0);
            assertTrue(page.getFrame().length() + page.getThen().stream().mapToInt(f -> f.getFrame().length()).sum()
                    <= UserProcessor.MAX_DELIVERY_CHARS);
            page.getThen().forEach(f -> seqs.add(f.getSeq()));
            held = seqs.get(seqs.size() - 1);
            more = page.getMore();
            pages++;
        }
        assertEquals(LongStream.rangeClosed(1, 100).boxed().toList(), seqs);
        assertEquals(2, pages);
    }

    @Test
    void aRoomOfJoinedHistoryShowsAMemberNothingBeforeItsOwnAddedFrame() {
        create(ROOM, "alice", "joined", "bob");
        for (int i = 1; i <= 3; i++) {
            send(ROOM, "alice", "a" + i, "m" + i, "gw-1", "a-1");
        }
        add(ROOM, "dave");
        send(ROOM, "alice", "a4", "m4", "gw-1", "a-1");
        drain();
        subscribe(ROOM, "dave", "gw-2", "d-1", 0L);
        assertEquals(List.of(4L, 5L), gateway("gw-2").readValue().getThen().stream()
                .map(SequencedFrame::getSeq).toList());
        subscribe(ROOM, "bob", "gw-2", "b-1", 0L);
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L), gateway("gw-2").readValue().getThen().stream()
                .map(SequencedFrame::getSeq).toList(), "a first member reads from the start");
    }

    @Test
    void aSubscribeOfANonMemberIsRefusedAndKeepsNoInterest() {
        create(ROOM, "alice", "shared", "bob");
        subscribe(ROOM, "eve", "gw-3", "e-1", 0L);
        subscribe("nowhere", "eve", "gw-3", "e-1", 0L);
        List<Delivery> refusals = gateway("gw-3").readValuesToList();
        assertEquals(List.of(RoomDelivery.REFUSED, RoomDelivery.REFUSED),
                refusals.stream().map(Delivery::getRoomDelivery).toList());
        JsonNode error = json(refusals.get(0).getFrame());
        assertEquals("not_found", error.path("code").asText());
        assertEquals(ROOM, error.path("room").asText());
        assertEquals(List.of("e-1"), refusals.get(0).getConnections());
        send(ROOM, "alice", "a1", "hi", "gw-1", "a-1");
        assertTrue(gateway("gw-3").isEmpty());
    }

    @Test
    void aGatewaysInterestIsWrittenOnceWhateverItsSocketsAndWithdrawnWithItsLast() {
        create(ROOM, "alice", "shared", "bob");
        subscribe(ROOM, "alice", "gw-1", "a-1", null);
        subscribe(ROOM, "bob", "gw-1", "b-1", null);
        subscribe(ROOM, "bob", "gw-1", "b-1", 0L);
        TestOutputTopic<String, byte[]> interests = driver.createOutputTopic(ROOM_GATEWAYS_CHANGELOG,
                Serdes.String().deserializer(), Serdes.ByteArray().deserializer());
        assertEquals(1, interests.readRecordsToList().size());
        interest.pipeInput(ROOM, new RoomInterest(InterestKind.WITHDRAW, ROOM, "gw-1", 1L, null, null, null, now), now);
        assertNull(interests.readValue(), "a tombstone");
        drain();
        send(ROOM, "alice", "a1", "hi", "gw-2", "a-9");
        assertTrue(gateway("gw-1").isEmpty());
    }

    @Test
    void theInterestOfAGatewayThatDiedOrRestartedIsDropped() {
        create(ROOM, "alice", "shared", "bob", "carol");
        subscribe(ROOM, "alice", "gw-1", "a-1", null);
        subscribe(ROOM, "bob", "gw-2", "b-1", null);
        subscribe(ROOM, "carol", "gw-3", "c-1", null);
        drain();
        TestOutputTopic<String, byte[]> interests = driver.createOutputTopic(ROOM_GATEWAYS_CHANGELOG,
                Serdes.String().deserializer(), Serdes.ByteArray().deserializer());
        interests.readRecordsToList();
        for (int i = 0; i < 8; i++) { // gw-2 stops heartbeating
            advance(Duration.ofSeconds(1));
            heartbeat("gw-1", 1);
            heartbeat("gw-3", i < 4 ? 1 : 2); // gw-3 restarts under a new epoch
        }
        send(ROOM, "alice", "a1", "hi", "gw-1", "a-1");
        assertEquals(1L, gateway("gw-1").readValue().getSeq());
        assertTrue(gateway("gw-2").isEmpty(), "nothing for a dead gateway");
        assertTrue(gateway("gw-3").isEmpty(), "nor for the sockets of an earlier epoch");
        assertEquals(List.of(InboxKeys.pair(ROOM, "gw-2"), InboxKeys.pair(ROOM, "gw-3")), interests
                .readRecordsToList().stream().filter(r -> r.value() == null).map(r -> r.key()).sorted().toList(),
                "their interest rows are deleted");
    }

    @Test
    void anEventProcessedAgainAfterACrashChangesNothingAndIsAnsweredAgain() {
        create(ROOM, "alice", "shared", "bob");
        remove(ROOM, "bob", true);
        add(ROOM, "bob");
        drain();
        // After a crash the restored state may hold the changes of events the input is read again from: here the
        // removal and the addition, read again at the next two offsets of the rooms topic.
        KeyValueStore<String, RoomState> states = driver.getKeyValueStore(StoreNames.ROOM_STATE);
        RoomState before = states.get(ROOM);
        states.put(ROOM, RoomState.newBuilder(before).setEventOffset(before.getEventOffset() + 2).build());
        remove(ROOM, "bob", true);
        add(ROOM, "bob");
        assertTrue(roomLog.isEmpty(), "no frame again");
        assertTrue(memberships.isEmpty());
        assertEquals(before.getMembers(), states.get(ROOM).getMembers());
        List<RoomReply> answers = replies.readValuesToList();
        assertEquals(2, answers.size(), "each is answered again");
        assertEquals(List.of("alice:owner:0", "bob:member:2"), members(json(answers.get(1).getBody())));
    }

    @Test
    void anEventAppliedAgainWhoseRowsOutlivedItsStateKeepsTheirSeqs() {
        create(ROOM, "alice", "shared", "bob");
        drain();
        KeyValueStore<String, RoomState> states = driver.getKeyValueStore(StoreNames.ROOM_STATE);
        RoomState created = states.get(ROOM);
        RoomEvent added = event(new MembersAdded(ROOM, List.of("dave", "erin")), "alice", 200);
        changesOfARestartedProcessor().apply(ROOM, added, 7);
        states.put(ROOM, created); // the crash lost the state's write, not the log's rows
        RoomChanges.Applied again = changesOfARestartedProcessor().apply(ROOM, added, 7);
        assertEquals(List.of(1L, 2L), again.frames().stream().map(f -> f.entry().getSeq()).toList());
        assertNull(driver.<String, RoomEntry>getKeyValueStore(StoreNames.ROOM_LOG).get(InboxKeys.entry(ROOM, 3)),
                "no row twice");
        assertEquals(List.of(1L, 2L), again.memberships().stream().map(RoomMembership::getRoomSeq).toList());
        assertEquals(List.of(0L, 0L, 1L, 2L), states.get(ROOM).getMembers().stream().map(m -> m.getSince()).toList());
    }

    private RoomChanges changesOfARestartedProcessor() {
        return new RoomChanges(new RoomStates(driver.getKeyValueStore(StoreNames.ROOM_STATE)),
                new RoomLog(driver.getKeyValueStore(StoreNames.ROOM_LOG), driver.getKeyValueStore(StoreNames.ROOM_IDS)));
    }

    @Test
    void anEventThatChangesNothingIsOnlyAnswered() {
        create(ROOM, "alice", "shared", "bob");
        drain();
        rooms.pipeInput(ROOM, event(new RoomUnchanged(ROOM), "alice", 200), now);
        add(ROOM, "bob");
        rooms.pipeInput(ROOM, event(new MemberRemoved(ROOM, "eve", false), "alice", 204), now);
        List<RoomReply> answers = replies.readValuesToList();
        assertEquals(List.of(200, 200, 204), answers.stream().map(RoomReply::getStatus).toList());
        assertEquals(0, json(answers.get(0).getBody()).path("seq").asLong());
        assertNull(answers.get(2).getBody());
        assertTrue(roomLog.isEmpty() && memberships.isEmpty());
    }

    @Test
    void typingGoesToTheSubscribedSocketsButTheTypersAndIsNotStored() {
        create(ROOM, "alice", "shared", "bob");
        subscribe(ROOM, "alice", "gw-1", "a-1", null);
        subscribe(ROOM, "bob", "gw-2", "b-1", null);
        drain();
        signal(SignalKind.TYPING, "bob", null);
        for (String gw : List.of("gw-1", "gw-2")) {
            Delivery typing = gateway(gw).readValue();
            assertEquals(RoomDelivery.BROADCAST, typing.getRoomDelivery());
            assertEquals("bob", typing.getExcept());
            assertNull(typing.getSeq());
            JsonNode frame = json(typing.getFrame());
            assertEquals("typing", frame.path("type").asText());
            assertEquals("bob", frame.path("user").asText());
        }
        signal(SignalKind.TYPING, "eve", null);
        assertTrue(gateway("gw-1").isEmpty(), "a non-member's typing is dropped");
        assertEquals(0, countOutputRecords(), "nothing stored");
        close(ROOM);
        drain();
        signal(SignalKind.TYPING, "bob", null);
        assertEquals(0, countOutputRecords(), "nor typing in a closed room");
    }

    @Test
    void aReadIsKeptOnlyWhenHigherAndCappedAtTheLatestSeq() {
        create(ROOM, "alice", "shared", "bob");
        for (int i = 1; i <= 3; i++) {
            send(ROOM, "alice", "a" + i, "m" + i, "gw-3", "a-1");
        }
        subscribe(ROOM, "alice", "gw-1", "a-1", null);
        drain();
        signal(SignalKind.READ, "bob", 2L);
        signal(SignalKind.READ, "bob", 1L);
        signal(SignalKind.READ, "bob", 99L);
        signal(SignalKind.READ, "bob", 3L);
        signal(SignalKind.READ, "eve", 3L);
        assertEquals(List.of(2L, 3L), roomReads.readValuesToList());
        List<JsonNode> frames = gateway("gw-1").readValuesToList().stream().map(d -> json(d.getFrame())).toList();
        assertEquals(List.of("read:bob:2", "read:bob:3"), frames.stream().map(f -> f.path("type").asText() + ":"
                + f.path("user").asText() + ":" + f.path("seq").asLong()).toList());
        assertEquals(3L, driver.<String, Long>getKeyValueStore(StoreNames.ROOM_READS).get(InboxKeys.pair(ROOM, "bob")));
    }

    private void create(String room, String owner, String history, String... members) {
        rooms.pipeInput(room, event(new RoomCreated(room, "Team A", owner, history, List.of(members)), owner, 201),
                now);
    }

    private void add(String room, String... users) {
        rooms.pipeInput(room, event(new MembersAdded(room, List.of(users)), "alice", 200), now);
    }

    private void remove(String room, String user, boolean left) {
        rooms.pipeInput(room, event(new MemberRemoved(room, user, left), left ? user : "alice", 204), now);
    }

    private void close(String room) {
        rooms.pipeInput(room, event(new RoomClosed(room), "alice", 200), now);
    }

    private RoomEvent event(Object change, String by, int status) {
        return new RoomEvent(change, by, now, "req-" + ++requests, ASKING_INSTANCE, status);
    }

    private void send(String room, String from, String ref, String text, String gateway, String connection) {
        sends.pipeInput(room, new RoomSend(RoomIds.messageId(from, room, ref), room, from, ref, text, now, gateway,
                connection), now);
    }

    private void subscribe(String room, String user, String gateway, String connection, Long since) {
        interest.pipeInput(room, new RoomInterest(InterestKind.SUBSCRIBE, room, gateway, 1L, connection, user, since,
                now), now);
    }

    private void signal(SignalKind kind, String from, Long seq) {
        signals.pipeInput(ROOM, new Signal(kind, from, ROOM, null, seq, null, "gw-1", "x-1", now), now);
    }

    private void heartbeat(String gateway, long epoch) {
        heartbeats.pipeInput(gateway, new GatewayHeartbeat(gateway, epoch, now, false), now);
    }

    private void advance(Duration duration) {
        now = now.plus(duration);
        driver.advanceWallClockTime(duration);
    }

    private TestOutputTopic<String, Delivery> gateway(String gateway) {
        return gateways.computeIfAbsent(gateway, g -> driver.createOutputTopic(Topics.gatewayTopicName(g),
                Serdes.String().deserializer(), Topics.gateway(g).valueSerde().deserializer()));
    }

    /** Reads away what every output topic holds so far. */
    private void drain() {
        countOutputRecords();
    }

    /**
     * How many records were written to any topic since the last count, read away: the test driver keeps one
     * queue per topic, which every reader of the topic takes from.
     */
    private int countOutputRecords() {
        int count = 0;
        for (String topic : driver.producedTopicNames()) {
            count += driver.createOutputTopic(topic, Serdes.ByteArray().deserializer(),
                    Serdes.ByteArray().deserializer()).readRecordsToList().size();
        }
        return count;
    }

    private static List<String> members(JsonNode room) {
        List<String> members = new ArrayList<>();
        room.path("members").forEach(m -> members.add(m.path("user").asText() + ":" + m.path("role").asText() + ":"
                + m.path("since").asLong()));
        return members;
    }

    private static JsonNode json(String frame) {
        try {
            return HttpJson.MAPPER.readTree(frame);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
