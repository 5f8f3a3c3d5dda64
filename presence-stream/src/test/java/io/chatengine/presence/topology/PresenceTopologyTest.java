package io.chatengine.presence.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatengine.common.config.KafkaSettings;
import io.chatengine.common.http.HttpJson;
import io.chatengine.common.protocol.MessageIds;
import io.chatengine.presence.config.PresenceConfig;
import io.chatengine.schemas.Topics;
import io.chatengine.schemas.TopicSettings;
import io.chatengine.schemas.avro.ConnectionEvent;
import io.chatengine.schemas.avro.ConnectionKind;
import io.chatengine.schemas.avro.Delivery;
import io.chatengine.schemas.avro.GatewayHeartbeat;
import io.chatengine.schemas.avro.InboxEntry;
import io.chatengine.schemas.avro.MessageSent;
import io.chatengine.schemas.avro.Presence;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
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
    private TopologyTestDriver driver;
    private TestInputTopic<String, MessageSent> messages;
    private TestInputTopic<String, ConnectionEvent> connections;
    private TestInputTopic<String, GatewayHeartbeat> heartbeats;
    private TestOutputTopic<String, InboxEntry> inbox;
    private TestOutputTopic<String, Presence> presence;
    private TestOutputTopic<String, Delivery> gw1;
    private TestOutputTopic<String, Delivery> gw2;
    private Instant now = START;

    @BeforeEach
    void start() throws IOException {
        KafkaSettings kafka = new KafkaSettings("unused:9092", new TopicSettings(1, (short) 1, RETENTION_MS),
                Files.createTempDirectory("presence-test").toString());
        PresenceConfig config = new PresenceConfig(kafka, "presence-test", "127.0.0.1", 0, 20, TIMEOUT_MS, 1_000,
                60_000);
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "presence-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, kafka.stateDir());
        driver = new TopologyTestDriver(PresenceTopology.build(config), props, START);
        messages = driver.createInputTopic(Topics.MESSAGES.name(), Serdes.String().serializer(),
                Topics.MESSAGES.valueSerde().serializer());
        connections = driver.createInputTopic(Topics.CONNECTIONS.name(), Serdes.String().serializer(),
                Topics.CONNECTIONS.valueSerde().serializer());
        heartbeats = driver.createInputTopic(Topics.GATEWAYS.name(), Serdes.String().serializer(),
                Topics.GATEWAYS.valueSerde().serializer());
        inbox = driver.createOutputTopic(Topics.INBOX.name(), Serdes.String().deserializer(),
                Topics.INBOX.valueSerde().deserializer());
        presence = driver.createOutputTopic(Topics.PRESENCE.name(), Serdes.String().deserializer(),
                Topics.PRESENCE.valueSerde().deserializer());
        gw1 = gatewayTopic("gw-1");
        gw2 = gatewayTopic("gw-2");
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
        assertEquals(List.of("bob:1", "alice:1", "bob:2", "alice:2", "bob:3", "carol:1"),
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
    void aResentIdKeepsItsSeqAndIsRoutedAgainUnderIt() {
        open("bob", "gw-1", "b-1", null);
        gw1.readValuesToList();
        send("alice", "bob", "hi", "a1");
        send("alice", "bob", "hi", "a1");
        send("alice", "bob", "next", "a2");
        assertEquals(List.of("bob:1", "alice:1", "bob:1", "alice:1", "bob:2", "alice:2"),
                inbox.readValuesToList().stream().map(e -> e.getOwner() + ":" + e.getSeq()).toList(),
                "the resend is written out again under the seq it has, and takes none");
        assertEquals(List.of(1L, 1L, 2L), gw1.readValuesToList().stream().map(Delivery::getSeq).toList());
    }

    @Test
    void aCrashThatKeptTheEntryButNotItsIdRowGivesTheMessageNoSecondSeq() {
        send("alice", "bob", "hi", "a1");
        inbox.readValuesToList();
        KeyValueStore<String, InboxEntry> store = driver.getKeyValueStore(Stores.INBOX);
        String id = MessageIds.of("alice", "a1");
        store.delete(Stores.idKey("bob", id));
        send("alice", "bob", "hi", "a1");
        send("alice", "bob", "next", "a2");
        assertEquals(List.of("bob:1", "alice:1", "bob:2", "alice:2"),
                inbox.readValuesToList().stream().map(e -> e.getOwner() + ":" + e.getSeq()).toList());
        assertEquals(1, store.get(Stores.idKey("bob", id)).getSeq(), "the id row is written back");
    }

    @Test
    void anInboxWithoutItsLatestRowContinuesAfterItsNewestEntry() {
        send("alice", "bob", "hi", "a1");
        send("alice", "bob", "again", "a2");
        inbox.readValuesToList();
        driver.<String, InboxEntry>getKeyValueStore(Stores.INBOX).delete(Stores.latestKey("bob"));
        send("carol", "bob", "yo", "c1");
        assertEquals(3, inbox.readValuesToList().get(0).getSeq());
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
    void aResumeGetsWhatItMissedInOrderThenLiveOnes() {
        for (int i = 1; i <= 4; i++) {
            send("alice", "bob", "m" + i, "r" + i);
        }
        open("bob", "gw-1", "b-1", 1L);
        send("alice", "bob", "m5", "r5");
        List<Delivery> deliveries = gw1.readValuesToList();
        assertEquals("welcome", json(deliveries.get(0)).path("type").asText());
        assertEquals(List.of(2L, 3L, 4L, 5L), deliveries.subList(1, deliveries.size()).stream()
                .map(d -> json(d).path("seq").asLong()).toList());
        assertEquals(List.of("m2", "m3", "m4", "m5"), deliveries.subList(1, deliveries.size()).stream()
                .map(d -> json(d).path("text").asText()).toList());
    }

    @Test
    void aResumeFromBeyondTheLatestSeqGetsOnlyTheWelcome() {
        send("alice", "bob", "m1", "r1");
        open("bob", "gw-1", "b-1", 99L);
        assertEquals(1, gw1.readValuesToList().size());
    }

    @Test
    void aResumeGoesOnlyToTheConnectionThatAskedForIt() {
        open("bob", "gw-1", "b-1", null);
        send("alice", "bob", "m1", "r1");
        gw1.readValuesToList();
        open("bob", "gw-1", "b-2", 0L);
        List<Delivery> deliveries = gw1.readValuesToList();
        assertEquals(2, deliveries.size());
        deliveries.forEach(d -> assertEquals(List.of("b-2"), d.getConnections()));
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
        List<Delivery> deliveries = gw1.readValuesToList();
        assertEquals(2, json(deliveries.get(0)).path("seq").asLong());
        assertEquals(2, deliveries.size(), "the expired entry is gone");
        KeyValueStore<String, InboxEntry> store = driver.getKeyValueStore(Stores.INBOX);
        for (String owner : List.of("alice", "bob")) {
            assertEquals(null, store.get(Stores.entryKey(owner, 1)), owner + "'s first entry is deleted");
            assertEquals(null, store.get(Stores.idKey(owner, MessageIds.of("alice", "r1"))), "and its id row");
            assertEquals(2, store.get(Stores.entryKey(owner, 2)).getSeq(), owner + "'s newer entry stays");
        }
        assertEquals("new", json(deliveries.get(1)).path("text").asText());
        assertEquals(2, json(deliveries.get(1)).path("seq").asLong());
    }

    private void send(String from, String to, String text, String ref) {
        MessageSent message = message(from, to, text, ref);
        messages.pipeInput(to, message, now);
        if (!from.equals(to)) {
            messages.pipeInput(from, message, now);
        }
    }

    private MessageSent message(String from, String to, String text, String ref) {
        return new MessageSent(MessageIds.of(from, ref), from, to, ref, text, now, "gw-1", "conn");
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
        try {
            return HttpJson.MAPPER.readTree(delivery.getFrame());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
