package io.chatengine.presence.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatengine.common.InboxKeys;
import io.chatengine.common.config.KafkaSettings;
import io.chatengine.common.http.HttpJson;
import io.chatengine.common.config.ServiceSettings;
import io.chatengine.common.http.HttpSettings;
import io.chatengine.common.protocol.MessageIds;
import io.chatengine.presence.config.PresenceConfig;
import io.chatengine.schemas.Topics;
import io.chatengine.schemas.TopicSettings;
import io.chatengine.schemas.avro.ConnectionEvent;
import io.chatengine.schemas.avro.ConnectionKind;
import io.chatengine.schemas.avro.Delivery;
import io.chatengine.schemas.avro.GatewayHeartbeat;
import io.chatengine.schemas.avro.InboxEntry;
import io.chatengine.schemas.avro.MessageCopy;
import io.chatengine.schemas.avro.MessageSent;
import io.chatengine.schemas.avro.Presence;
import io.chatengine.schemas.avro.RoomMembership;
import io.chatengine.schemas.avro.Signal;
import io.chatengine.schemas.avro.SignalKind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.stream.LongStream;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PresenceTopologyTest {
    private static final Instant START = Instant.parse("2026-11-23T10:00:00Z");
    private static final long TIMEOUT_MS = 6_000;
    private static final long RETENTION_MS = 3_600_000;
    /** Where the sends of these tests come from: the answers go there, apart from the routed frames. */
    private static final String SENDERS_GATEWAY = "gw-senders";
    private TopologyTestDriver driver;
    private TestInputTopic<String, MessageSent> messages;
    private TestInputTopic<String, ConnectionEvent> connections;
    private TestInputTopic<String, GatewayHeartbeat> heartbeats;
    private TestInputTopic<String, RoomMembership> roomMembers;
    private TestInputTopic<String, Signal> userSignals;
    private TestOutputTopic<String, InboxEntry> inbox;
    private TestOutputTopic<String, Presence> presence;
    private TestOutputTopic<String, Delivery> gw1;
    private TestOutputTopic<String, Delivery> gw2;
    private TestOutputTopic<String, Delivery> answers;
    private Instant now = START;

    @BeforeEach
    void start() throws IOException {
        KafkaSettings kafka = new KafkaSettings("unused:9092", new TopicSettings(1, (short) 1, RETENTION_MS),
                Files.createTempDirectory("presence-test").toString());
        PresenceConfig config = new PresenceConfig(new ServiceSettings(kafka, "presence-test", "127.0.0.1", 0, HttpSettings.DEFAULTS), 20, TIMEOUT_MS, 1_000,
                60_000);
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, PresenceConfig.APPLICATION_ID); // its changelogs are topics
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, kafka.stateDir());
        driver = new TopologyTestDriver(PresenceTopology.build(config), props, START);
        messages = driver.createInputTopic(Topics.MESSAGES.name(), Serdes.String().serializer(),
                Topics.MESSAGES.valueSerde().serializer());
        connections = driver.createInputTopic(Topics.CONNECTIONS.name(), Serdes.String().serializer(),
                Topics.CONNECTIONS.valueSerde().serializer());
        roomMembers = driver.createInputTopic(Topics.ROOM_MEMBERS.name(), Serdes.String().serializer(),
                Topics.ROOM_MEMBERS.valueSerde().serializer());
        userSignals = driver.createInputTopic(Topics.USER_SIGNALS.name(), Serdes.String().serializer(),
                Topics.USER_SIGNALS.valueSerde().serializer());
        heartbeats = driver.createInputTopic(Topics.GATEWAYS.name(), Serdes.String().serializer(),
                Topics.GATEWAYS.valueSerde().serializer());
        inbox = driver.createOutputTopic(Topics.INBOX.name(), Serdes.String().deserializer(),
                Topics.INBOX.valueSerde().deserializer());
        presence = driver.createOutputTopic(Topics.PRESENCE.name(), Serdes.String().deserializer(),
                Topics.PRESENCE.valueSerde().deserializer());
        gw1 = gatewayTopic("gw-1");
        gw2 = gatewayTopic("gw-2");
        answers = gatewayTopic(SENDERS_GATEWAY);
        heartbeat("gw-1", 1, false);
        heartbeat("gw-2", 1, false);
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    @Test
    void sequenceNumbersStartAtOneAndRiseByOnePerOwner() {
        send("alice", "bob", "hi", "a1");
        send("alice", "bob", "again", "a2");
        send("carol", "bob", "yo", "c1");
        List<InboxEntry> entries = inbox.readValuesToList();
        assertEquals(List.of("alice:1", "bob:1", "alice:2", "bob:2", "carol:1", "bob:3"),
                entries.stream().map(e -> e.getOwner() + ":" + e.getSeq()).toList());
    }

    @Test
    void bothTheSenderAndTheRecipientInboxGetTheMessage() {
        send("alice", "bob", "hi", "a1");
        List<InboxEntry> entries = inbox.readValuesToList();
        assertEquals(2, entries.size());
        assertEquals(entries.get(0).getId(), entries.get(1).getId());
        assertEquals("a1", entries.get(1).getRef());
    }

    @Test
    void theRecipientsCopySaysWhoseItIsAndEachDeliveryNamesItsGateway() {
        TestOutputTopic<String, MessageSent> copies = driver.createOutputTopic(Topics.MESSAGES.name(),
                Serdes.String().deserializer(), Topics.MESSAGES.valueSerde().deserializer());
        open("bob", "gw-1", "b-1", null);
        open("bob", "gw-2", "b-2", null);
        send("alice", "bob", "hi", "a1");
        List<KeyValue<String, MessageSent>> written = copies.readKeyValuesToList();
        assertEquals(List.of("bob:RECIPIENT"), written.stream().map(kv -> kv.key + ":" + kv.value.getCopy()).toList(),
                "presence-stream writes the recipient's copy, keyed by the recipient, and says so");
        assertEquals(List.of("gw-1", "gw-1"), gw1.readValuesToList().stream().map(Delivery::getGateway).toList(),
                "the welcome and the message for gw-1 name gw-1");
        assertEquals(List.of("gw-2", "gw-2"), gw2.readValuesToList().stream().map(Delivery::getGateway).toList());
        assertEquals(List.of(SENDERS_GATEWAY), answers.readValuesToList().stream().map(Delivery::getGateway).toList());
    }

    @Test
    void aCopyWrittenBeforeCopiesSaidWhoseTheyAreIsTheSendersWhenKeyedByTheSender() {
        MessageSent unsaid = MessageSent.newBuilder(message("alice", "bob", "hi", "a1")).setCopy(null).build();
        messages.pipeInput("bob", unsaid, now); // a recipient's copy of v1, already decided on by alice's inbox
        assertEquals(List.of("bob:1"), inbox.readValuesToList().stream().map(e -> e.getOwner() + ":" + e.getSeq())
                .toList(), "keyed by the recipient: the recipient's, sequenced without a decision");
        messages.pipeInput("alice", unsaid, now);
        assertEquals(List.of("alice:1"), inbox.readValuesToList().stream().map(e -> e.getOwner() + ":" + e.getSeq())
                .toList(), "keyed by the sender: decided on by the sender's inbox; its copy for bob is one bob's inbox has");
        assertEquals(List.of(SENDERS_GATEWAY), answers.readValuesToList().stream().map(Delivery::getGateway).toList(),
                "and answered");
    }

    @Test
    void aResentIdKeepsItsSeqAndIsRoutedAgainUnderIt() {
        open("bob", "gw-1", "b-1", null);
        gw1.readValuesToList();
        send("alice", "bob", "hi", "a1");
        send("alice", "bob", "hi", "a1");
        send("alice", "bob", "next", "a2");
        assertEquals(List.of("alice:1", "bob:1", "alice:2", "bob:2"),
                inbox.readValuesToList().stream().map(e -> e.getOwner() + ":" + e.getSeq()).toList(),
                "the resend is not written again and takes no seq");
        assertEquals(List.of(1L, 1L, 2L), gw1.readValuesToList().stream().map(Delivery::getSeq).toList(),
                "it is routed again under the seq it has, for a gateway that did not get it");
    }

    @Test
    void anInboxFoundInTheStoreAfterARestoreContinuesAndKnowsItsIds() {
        KeyValueStore<String, InboxEntry> store = driver.getKeyValueStore(StoreNames.INBOX);
        String id = MessageIds.of("alice", "a1");
        store.put(InboxKeys.entry("bob", 7), new InboxEntry("bob", 7L, id, "alice", "bob", "a1", "hi", now, null, null));
        messages.pipeInput("bob", recipientsCopy("alice", "bob", "hi", "a1"), now);
        messages.pipeInput("bob", recipientsCopy("alice", "bob", "next", "a2"), now);
        List<Long> written = inbox.readValuesToList().stream().map(InboxEntry::getSeq).toList();
        assertEquals(8L, written.get(written.size() - 1), "the next id follows the newest row");
        assertEquals(1, written.stream().filter(seq -> seq == 8L).count(), "and the known id took no seq");
    }

    @Test
    void anIndexRowLeftByACrashAheadOfTheInboxDoesNotSwallowANewMessage() {
        String id = MessageIds.of("alice", "a1");
        driver.<String, Long>getKeyValueStore(StoreNames.INBOX_IDS).put(InboxKeys.prefix("bob") + 'i' + id, 5L);
        messages.pipeInput("bob", recipientsCopy("alice", "bob", "hi", "a1"), now);
        assertEquals(List.of(1L), inbox.readValuesToList().stream().map(InboxEntry::getSeq).toList());
    }

    @Test
    void anInboxOfTheEarlierLayoutContinuesAfterItsLatestRow() {
        driver.<String, InboxEntry>getKeyValueStore(StoreNames.INBOX).put(InboxKeys.prefix("bob") + 'l',
                new InboxEntry("bob", 5L, "old", "alice", "bob", null, "", now, null, null));
        send("carol", "bob", "yo", "c1");
        assertEquals(List.of(5L, 6L), inbox.readValuesToList().stream().filter(e -> e.getOwner().equals("bob"))
                .map(InboxEntry::getSeq).toList());
    }

    @Test
    void theConnectionThatSentAMessageGetsItsAnswerFromTheSendersInbox() {
        send("alice", "bob", "hi", "a1");
        List<Delivery> answered = answers.readValuesToList();
        assertEquals(1, answered.size());
        assertEquals(List.of("sending-conn"), answered.get(0).getConnections());
        assertEquals(MessageIds.of("alice", "a1"), answered.get(0).getAnswers());
        JsonNode sent = json(answered.get(0));
        assertEquals("sent", sent.path("type").asText());
        assertEquals("a1", sent.path("ref").asText());
        assertEquals(MessageIds.of("alice", "a1"), sent.path("id").asText());
    }

    @Test
    void theSendersOnlyConnectionOnItsGatewayGetsTheAnswerAndTheMessageInOneRecord() {
        heartbeat(SENDERS_GATEWAY, 1, false);
        open("alice", SENDERS_GATEWAY, "sending-conn", null);
        answers.readValuesToList();
        send("alice", "bob", "hi", "a1");
        List<Delivery> records = answers.readValuesToList();
        assertEquals(1, records.size());
        assertEquals("sent", json(records.get(0)).path("type").asText());
        assertEquals(List.of(1L), records.get(0).getThen().stream().map(f -> f.getSeq()).toList());
        assertEquals("message", json(records.get(0).getThen().get(0).getFrame()).path("type").asText());
    }

    @Test
    void aResendIsAnsweredAsTheFirstSendWasAndStoredOnce() {
        send("alice", "bob", "hi", "a1");
        now = now.plusSeconds(5);
        send("alice", "bob", "hi", "a1");
        List<String> frames = answers.readValuesToList().stream().map(Delivery::getFrame).toList();
        assertEquals(2, frames.size());
        assertEquals(frames.get(0), frames.get(1), "the same id and time");
        assertEquals(List.of("alice:1", "bob:1"),
                inbox.readValuesToList().stream().map(e -> e.getOwner() + ":" + e.getSeq()).toList());
    }

    @Test
    void aRefUsedForAnotherTextOrRecipientIsAConflictAndGoesNowhere() {
        open("bob", "gw-1", "b-1", null);
        open("carol", "gw-1", "c-1", null);
        gw1.readValuesToList();
        send("alice", "bob", "hi", "a1");
        send("alice", "bob", "something else", "a1");
        send("alice", "carol", "hi", "a1");
        List<JsonNode> answered = answers.readValuesToList().stream().map(d -> json(d)).toList();
        assertEquals(List.of("sent", "error", "error"), answered.stream().map(f -> f.path("type").asText()).toList());
        assertEquals("ref_conflict", answered.get(1).path("code").asText());
        assertEquals("a1", answered.get(2).path("ref").asText());
        assertEquals(List.of("alice:1", "bob:1"),
                inbox.readValuesToList().stream().map(e -> e.getOwner() + ":" + e.getSeq()).toList(),
                "neither conflicting message is stored");
        assertEquals(List.of(List.of("b-1")), gw1.readValuesToList().stream().map(Delivery::getConnections).toList(),
                "nor routed to anyone");
    }

    @Test
    void aMessageToSelfIsOneEntry() {
        messages.pipeInput("alice", message("alice", "alice", "note", "n1"), now);
        assertEquals(1, inbox.readValuesToList().size());
    }

    @Test
    void theWelcomeComesFirstAndCarriesTheLatestSeq() {
        send("alice", "bob", "hi", "a1");
        send("alice", "bob", "hi", "a2");
        open("bob", "gw-1", "b-1", null);
        List<Delivery> deliveries = gw1.readValuesToList();
        assertEquals(1, deliveries.size(), "no backlog without since");
        JsonNode welcome = json(deliveries.get(0));
        assertEquals("welcome", welcome.path("type").asText());
        assertEquals(2, welcome.path("seq").asLong());
        assertEquals("gw-1", welcome.path("gateway").asText());
        assertEquals(List.of("b-1"), deliveries.get(0).getConnections());
        assertTrue(deliveries.get(0).getWelcome(), "marked, so a gateway sends it once per connection");
    }

    @Test
    void aResumeGetsWhatItMissedWithItsWelcomeThenLiveOnes() {
        for (int i = 1; i <= 4; i++) {
            send("alice", "bob", "m" + i, "r" + i);
        }
        open("bob", "gw-1", "b-1", 1L);
        send("alice", "bob", "m5", "r5");
        List<Delivery> deliveries = gw1.readValuesToList();
        assertEquals(2, deliveries.size(), "the welcome and the backlog are one delivery");
        assertEquals("welcome", json(deliveries.get(0)).path("type").asText());
        List<JsonNode> missed = deliveries.get(0).getThen().stream().map(f -> json(f.getFrame())).toList();
        assertEquals(List.of(2L, 3L, 4L), missed.stream().map(f -> f.path("seq").asLong()).toList());
        assertEquals(List.of(2L, 3L, 4L), deliveries.get(0).getThen().stream().map(f -> f.getSeq()).toList());
        assertEquals(List.of("m2", "m3", "m4"), missed.stream().map(f -> f.path("text").asText()).toList());
        assertEquals(5L, deliveries.get(1).getSeq());
    }

    @Test
    void aLargeBacklogComesInPagesThatFitARecordEachAskedForFromWhatTheSocketHolds() {
        String text = "x".repeat(4_000);
        for (int i = 1; i <= 100; i++) {
            send("alice", "bob", text, "r" + i);
        }
        List<Long> seqs = new ArrayList<>();
        long held = 0;
        int pages = 0;
        boolean more = true;
        while (more) {
            open("bob", "gw-1", "b-1", held); // the first time, then again from what the gateway holds
            List<Delivery> deliveries = gw1.readValuesToList();
            assertEquals(1, deliveries.size(), "a page is one welcome delivery");
            Delivery page = deliveries.get(0);
            assertTrue(page.getWelcome());
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
    void aResumeFromBeyondTheLatestSeqGetsOnlyTheWelcome() {
        send("alice", "bob", "m1", "r1");
        open("bob", "gw-1", "b-1", 99L);
        List<Delivery> deliveries = gw1.readValuesToList();
        assertEquals(1, deliveries.size());
        assertTrue(deliveries.get(0).getThen().isEmpty());
    }

    @Test
    void aResumeGoesOnlyToTheConnectionThatAskedForIt() {
        open("bob", "gw-1", "b-1", null);
        send("alice", "bob", "m1", "r1");
        gw1.readValuesToList();
        open("bob", "gw-1", "b-2", 0L);
        List<Delivery> deliveries = gw1.readValuesToList();
        assertEquals(1, deliveries.size());
        assertEquals(List.of("b-2"), deliveries.get(0).getConnections());
        assertEquals(1, deliveries.get(0).getThen().size());
    }

    @Test
    void eachGatewayGetsTheFramesOfItsOwnConnections() {
        open("bob", "gw-1", "b-1", null);
        open("bob", "gw-2", "b-2", null);
        open("bob", "gw-2", "b-3", null);
        gw1.readValuesToList();
        gw2.readValuesToList();
        send("alice", "bob", "hi", "a1");
        Delivery onGw1 = gw1.readValue();
        Delivery onGw2 = gw2.readValue();
        assertEquals(List.of("b-1"), onGw1.getConnections());
        assertEquals(List.of("b-2", "b-3"), onGw2.getConnections());
        assertEquals(1L, onGw2.getSeq());
        assertTrue(gw1.isEmpty() && gw2.isEmpty());
    }

    @Test
    void aClosedConnectionGetsNothingMore() {
        open("bob", "gw-1", "b-1", null);
        connections.pipeInput("bob", event(ConnectionKind.CLOSED, "bob", "gw-1", 1, "b-1", null), now);
        gw1.readValuesToList();
        send("alice", "bob", "hi", "a1");
        assertTrue(gw1.isEmpty());
    }

    @Test
    void presenceFollowsTheConnectionCount() {
        open("bob", "gw-1", "b-1", null);
        open("bob", "gw-2", "b-2", null);
        connections.pipeInput("bob", event(ConnectionKind.CLOSED, "bob", "gw-1", 1, "b-1", null), now);
        connections.pipeInput("bob", event(ConnectionKind.CLOSED, "bob", "gw-2", 1, "b-2", null), now);
        assertEquals(List.of("true:1", "true:2", "true:1", "false:0"), presence.readValuesToList().stream()
                .map(p -> p.getOnline() + ":" + p.getConnections()).toList());
    }

    @Test
    void closingAnUnknownConnectionChangesNoPresence() {
        connections.pipeInput("bob", event(ConnectionKind.CLOSED, "bob", "gw-1", 1, "nope", null), now);
        assertTrue(presence.isEmpty());
    }

    @Test
    void aGatewayThatStopsHeartbeatingLosesItsConnections() {
        open("bob", "gw-1", "b-1", null);
        open("carol", "gw-2", "c-1", null);
        presence.readValuesToList();
        for (int i = 0; i < 8; i++) {
            advance(Duration.ofSeconds(1));
            heartbeat("gw-2", 1, false);
        }
        List<Presence> changes = presence.readValuesToList();
        assertEquals(1, changes.size());
        assertEquals("bob", changes.get(0).getUsername());
        assertFalse(changes.get(0).getOnline());
        gw1.readValuesToList();
        send("alice", "bob", "hi", "a1");
        assertTrue(gw1.isEmpty(), "nothing is routed to a dead gateway");
    }

    @Test
    void aConnectionOpenedOnAGatewayAlreadyDeadGoesOfflineWhenItsGraceEnds() {
        advance(Duration.ofMillis(TIMEOUT_MS + 2_000));
        heartbeat("gw-1", 1, false); // gw-2 has been silent for longer than the timeout, and that was seen
        advance(Duration.ofSeconds(1));
        open("dave", "gw-2", "d-1", null);
        assertTrue(presence.readValue().getOnline(), "online during its grace");
        for (int i = 0; i < 7; i++) {
            advance(Duration.ofSeconds(1));
            heartbeat("gw-1", 1, false);
        }
        Presence change = presence.readValue();
        assertEquals("dave", change.getUsername());
        assertFalse(change.getOnline());
    }

    @Test
    void aGatewayRestartedWithANewEpochDropsItsOlderConnections() {
        open("bob", "gw-1", "b-1", null);
        presence.readValuesToList();
        heartbeat("gw-1", 2, false);
        advance(Duration.ofSeconds(1));
        Presence change = presence.readValue();
        assertFalse(change.getOnline());
    }

    @Test
    void aConnectionOfANewEpochSurvivesUntilItsFirstHeartbeatArrives() {
        connections.pipeInput("bob", event(ConnectionKind.OPENED, "bob", "gw-1", 2, "b-1", null), now);
        presence.readValuesToList();
        advance(Duration.ofSeconds(2));
        assertTrue(presence.isEmpty());
        for (int i = 0; i < 10; i++) {
            heartbeat("gw-1", 2, false);
            advance(Duration.ofSeconds(1));
        }
        assertTrue(presence.isEmpty(), "heartbeats keep it alive");
        advance(Duration.ofMillis(TIMEOUT_MS + 1_000));
        assertFalse(presence.readValue().getOnline(), "and their absence ends it");
    }

    @Test
    void aStoppingGatewayLosesItsConnectionsAtOnce() {
        open("bob", "gw-1", "b-1", null);
        presence.readValuesToList();
        heartbeat("gw-1", 1, true);
        advance(Duration.ofSeconds(1));
        assertFalse(presence.readValue().getOnline());
    }

    @Test
    void retentionRemovesOldEntriesButTheSequenceContinues() {
        send("alice", "bob", "old", "r1");
        advance(Duration.ofMillis(RETENTION_MS + 120_000));
        heartbeat("gw-1", 1, false);
        send("alice", "bob", "new", "r2");
        open("bob", "gw-1", "b-1", 0L);
        Delivery welcome = gw1.readValue();
        assertEquals(2, json(welcome).path("seq").asLong());
        assertEquals(List.of(2L), welcome.getThen().stream().map(f -> f.getSeq()).toList(),
                "the expired entry is gone");
        advance(Duration.ofMinutes(1)); // the next retention pass: the expired entry is no longer the newest
        KeyValueStore<String, InboxEntry> store = driver.getKeyValueStore(StoreNames.INBOX);
        for (String owner : List.of("alice", "bob")) {
            assertEquals(null, store.get(InboxKeys.entry(owner, 1)), owner + "'s first entry is deleted");
            assertEquals(2, store.get(InboxKeys.entry(owner, 2)).getSeq(), owner + "'s newer entry stays");
        }
        assertEquals("new", json(welcome.getThen().get(0).getFrame()).path("text").asText());
    }

    @Test
    void anInboxWhoseEntriesAllExpiredKeepsItsSeqButNotItsText() {
        send("alice", "bob", "old", "r1");
        advance(Duration.ofMillis(RETENTION_MS + 120_000));
        heartbeat("gw-1", 1, false);
        InboxEntry marker = driver.<String, InboxEntry>getKeyValueStore(StoreNames.INBOX).get(InboxKeys.entry("bob", 1));
        assertEquals("", marker.getText(), "the newest entry stays without its text");
        send("alice", "bob", "old", "r1");
        open("bob", "gw-1", "b-1", 0L);
        Delivery welcome = gw1.readValue();
        assertEquals(1, json(welcome).path("seq").asLong(), "a resend past retention is not stored again");
        assertTrue(welcome.getThen().isEmpty(), "and the marker is never delivered");
        send("alice", "bob", "new", "r2");
        assertEquals(2L, gw1.readValue().getSeq());
    }

    @Test
    void aChangeOfTheUsersOwnMembershipIsAnInboxEntryRoutedAsARoomFrameAndListedInTheWelcome() {
        open("bob", "gw-1", "b-1", null);
        gw1.readValuesToList();
        membership("bob", "team-a", "added", 3);
        Delivery routed = gw1.readValue();
        JsonNode frame = json(routed);
        assertEquals("room", frame.path("type").asText());
        assertEquals("team-a", frame.path("room").asText());
        assertEquals("added", frame.path("change").asText());
        assertEquals("alice", frame.path("by").asText());
        assertEquals(1L, routed.getSeq(), "it takes the next seq of bob's inbox");
        open("bob", "gw-1", "b-2", null);
        assertEquals("[\"team-a\"]", json(gw1.readValue()).path("rooms").toString());
    }

    @Test
    void aMembershipChangeProcessedAgainTakesNoSecondSeq() {
        membership("bob", "team-a", "added", 3);
        membership("bob", "team-a", "added", 3);
        send("alice", "bob", "hi", "a1");
        assertEquals(List.of(1L, 2L), inbox.readValuesToList().stream().filter(e -> e.getOwner().equals("bob"))
                .map(InboxEntry::getSeq).toList());
    }

    @Test
    void aRoomLeftOrRemovedLeavesTheWelcomesListAndAClosedOneStays() {
        membership("bob", "team-a", "added", 0);
        membership("bob", "team-b", "added", 0);
        membership("bob", "team-c", "added", 0);
        membership("bob", "team-a", "left", 4);
        membership("bob", "team-b", "removed", 5);
        membership("bob", "team-c", "closed", 6);
        open("bob", "gw-1", "b-1", 0L);
        Delivery welcome = gw1.readValue();
        assertEquals("[\"team-c\"]", json(welcome).path("rooms").toString());
        assertEquals(List.of("added", "added", "added", "left", "removed", "closed"), welcome.getThen().stream()
                .map(f -> json(f.getFrame()).path("change").asText()).toList(), "a resume has every change");
    }

    @Test
    void typingReachesTheRecipientsSocketsWithoutASeqAndIsNotStored() {
        open("bob", "gw-1", "b-1", null);
        open("bob", "gw-2", "b-2", null);
        gw1.readValuesToList();
        gw2.readValuesToList();
        inbox.readValuesToList();
        userSignals.pipeInput("bob", signal(SignalKind.TYPING, "alice", "bob", null), now);
        for (Delivery typing : List.of(gw1.readValue(), gw2.readValue())) {
            assertEquals(null, typing.getSeq());
            assertEquals("{\"type\":\"typing\",\"user\":\"alice\"}", typing.getFrame());
        }
        assertTrue(inbox.isEmpty());
    }

    @Test
    void aReadReachesTheReadersOtherSocketsAndThePeerUnderThePeersOwnSeq() {
        send("carol", "bob", "first", "c1"); // bob 1, carol 1
        send("alice", "bob", "hi", "a1"); // alice 1, bob 2
        send("bob", "alice", "hello", "b1"); // bob 3, alice 2
        open("alice", "gw-1", "a-1", null);
        open("alice", "gw-2", "a-2", null);
        open("bob", "gw-1", "b-1", null);
        gw1.readValuesToList();
        gw2.readValuesToList();
        userSignals.pipeInput("bob", signal(SignalKind.READ, "bob", "alice", 3L), now);
        List<Delivery> toGw1 = gw1.readValuesToList();
        assertEquals(1, toGw1.size(), "bob's only socket sent it; alice is told once");
        assertEquals(List.of("a-1"), toGw1.get(0).getConnections());
        assertEquals("{\"type\":\"read\",\"with\":\"bob\",\"user\":\"bob\",\"seq\":2}", toGw1.get(0).getFrame(),
                "alice's seq of bob's message");
        assertEquals("{\"type\":\"read\",\"with\":\"bob\",\"user\":\"bob\",\"seq\":2}", gw2.readValue().getFrame());
    }

    @Test
    void aReadGoesToTheReadersOtherSocketsAndNeverBack() {
        send("alice", "bob", "one", "a1");
        send("alice", "bob", "two", "a2");
        open("bob", "gw-1", "b-1", null);
        open("bob", "gw-1", "b-2", null);
        gw1.readValuesToList();
        userSignals.pipeInput("bob", signal(SignalKind.READ, "bob", "alice", 99L), now);
        List<Delivery> told = gw1.readValuesToList();
        assertEquals(List.of("b-2"), told.get(0).getConnections(), "the socket that read knows it");
        assertEquals("{\"type\":\"read\",\"with\":\"alice\",\"user\":\"bob\",\"seq\":2}", told.get(0).getFrame(),
                "a seq past the latest counts as the latest");
        userSignals.pipeInput("bob", signal(SignalKind.READ, "bob", "alice", 1L), now);
        assertTrue(gw1.isEmpty(), "a lower read changes nothing");
        assertEquals(2L, driver.<String, Long>getKeyValueStore(StoreNames.READS).get(InboxKeys.pair("bob", "alice")));
    }

    private void membership(String user, String room, String change, long roomSeq) {
        roomMembers.pipeInput(user, new RoomMembership(user, room, change, roomSeq, "alice", now), now);
    }

    /** A signal from a socket of {@code from}'s on gw-1 ("b-1"). */
    private Signal signal(SignalKind kind, String from, String to, Long seq) {
        return new Signal(kind, from, null, to, seq, null, "gw-1", "b-1", now);
    }

    private void send(String from, String to, String text, String ref) {
        messages.pipeInput(from, message(from, to, text, ref), now); // the sender's copy, as a gateway writes it
    }

    /** The sender's copy, as a gateway writes it. */
    private MessageSent message(String from, String to, String text, String ref) {
        return new MessageSent(MessageIds.of(from, ref), from, to, ref, text, now, SENDERS_GATEWAY, "sending-conn",
                MessageCopy.SENDER);
    }

    /** The recipient's copy, as the sender's inbox writes it once it has decided on the sender's. */
    private MessageSent recipientsCopy(String from, String to, String text, String ref) {
        return MessageSent.newBuilder(message(from, to, text, ref)).setCopy(MessageCopy.RECIPIENT).build();
    }

    private void open(String user, String gateway, String connection, Long since) {
        connections.pipeInput(user, event(ConnectionKind.OPENED, user, gateway, 1, connection, since), now);
    }

    private ConnectionEvent event(ConnectionKind kind, String user, String gateway, long epoch, String connection,
                                  Long since) {
        return new ConnectionEvent(kind, user, gateway, epoch, connection, since, now);
    }

    private void heartbeat(String gateway, long epoch, boolean stopping) {
        heartbeats.pipeInput(gateway, new GatewayHeartbeat(gateway, epoch, now, stopping), now);
    }

    private void advance(Duration duration) {
        now = now.plus(duration);
        driver.advanceWallClockTime(duration);
    }

    private TestOutputTopic<String, Delivery> gatewayTopic(String gateway) {
        return driver.createOutputTopic(Topics.gatewayTopicName(gateway), Serdes.String().deserializer(),
                Topics.gateway(gateway).valueSerde().deserializer());
    }

    private static JsonNode json(Delivery delivery) {
        return json(delivery.getFrame());
    }

    private static JsonNode json(String frame) {
        try {
            return HttpJson.MAPPER.readTree(frame);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
