package io.chatengine.query.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.chatengine.common.InboxKeys;
import io.chatengine.schemas.Topic;
import io.chatengine.schemas.Topics;
import io.chatengine.schemas.avro.InboxEntry;
import io.chatengine.schemas.avro.Presence;
import io.chatengine.schemas.avro.RoomEntry;
import io.chatengine.schemas.avro.RoomEntryKind;
import io.chatengine.schemas.avro.RoomMember;
import io.chatengine.schemas.avro.RoomRole;
import io.chatengine.schemas.avro.RoomState;
import io.chatengine.schemas.avro.UserAccount;
import io.chatengine.schemas.avro.UserCreated;
import io.chatengine.schemas.avro.UserDeactivated;
import io.chatengine.schemas.avro.UserEvent;
import io.chatengine.schemas.avro.UserRooms;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class QueryTopologyTest {
    private static final Instant AT = Instant.parse("2026-11-23T10:00:00.123Z");
    private TopologyTestDriver driver;

    @BeforeEach
    void start() throws Exception {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "query-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory("query-test").toString());
        driver = new TopologyTestDriver(QueryTopology.build(), props);
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    @Test
    void aUserViewIsCreatedAndKeepsItsFactsWhenDeactivated() {
        var users = driver.createInputTopic(Topics.USERS.name(), Serdes.String().serializer(),
                Topics.USERS.valueSerde().serializer());
        users.pipeInput("alice", new UserEvent(new UserCreated("alice", "Alice", AT, "ops")));
        KeyValueStore<String, UserAccount> store = driver.getKeyValueStore(QueryTopology.USERS_STORE);
        assertEquals(new UserAccount("alice", "Alice", AT, true), store.get("alice"));
        users.pipeInput("alice", new UserEvent(new UserDeactivated("alice", AT, "ops")));
        assertEquals(new UserAccount("alice", "Alice", AT, false), store.get("alice"), "the facts kept");
    }

    @Test
    void aStoreRowOfTheEarlierLayoutIsReadAsItsAccount() {
        byte[] row = ("{\"username\":\"bob\",\"displayName\":\"Bob\",\"createdAt\":\"2026-11-23T10:00:00.123Z\","
                + "\"active\":false}").getBytes(StandardCharsets.UTF_8);
        assertEquals(new UserAccount("bob", "Bob", AT, false), AccountSerde.create().deserializer().deserialize("t", row));
        UserAccount account = new UserAccount("bob", "Bob", AT, true);
        assertEquals(account, AccountSerde.create().deserializer().deserialize("t",
                AccountSerde.create().serializer().serialize("t", account)));
    }

    @Test
    void presenceKeepsTheLatestState() {
        var presence = driver.createInputTopic(Topics.PRESENCE.name(), Serdes.String().serializer(),
                Topics.PRESENCE.valueSerde().serializer());
        presence.pipeInput("bob", new Presence("bob", true, 2, AT, AT, List.of()));
        presence.pipeInput("bob", new Presence("bob", false, 0, AT, AT, List.of()));
        KeyValueStore<String, Presence> store = driver.getKeyValueStore(QueryTopology.PRESENCE_STORE);
        assertFalse(store.get("bob").getOnline());
    }

    @Test
    void aConversationIsTheOwnersEntriesWithOnePeerNewestFirst() {
        var inbox = driver.createInputTopic(Topics.INBOX.name(), Serdes.String().serializer(),
                Topics.INBOX.valueSerde().serializer());
        for (InboxEntry entry : List.of(entry("alice", 1, "alice", "bob"), entry("alice", 2, "carol", "alice"),
                entry("alice", 3, "bob", "alice"), entry("alice", 10, "alice", "bob"), entry("bob", 4, "alice", "bob"))) {
            inbox.pipeInput(InboxKeys.entry(entry.getOwner(), entry.getSeq()), entry);
        }
        KeyValueStore<String, InboxEntry> store = driver.getKeyValueStore(QueryTopology.HISTORY_STORE);
        assertEquals(List.of(10L, 3L, 1L), seqs(QueryTopology.conversation(store, "alice", "bob", Long.MAX_VALUE, 50)),
                "newest first, seq 10 after 3 despite the text order");
        assertEquals(List.of(3L), seqs(QueryTopology.conversation(store, "alice", "bob", 10, 1)), "paged by before");
        assertEquals(List.of(2L), seqs(QueryTopology.conversation(store, "alice", "carol", Long.MAX_VALUE, 50)));
        assertEquals(List.of(4L), seqs(QueryTopology.conversation(store, "bob", "alice", Long.MAX_VALUE, 50)));
    }

    @Test
    void entriesDeletedOrExpiredUpstreamLeaveTheHistory() {
        var inbox = driver.createInputTopic(Topics.INBOX.name(), Serdes.String().serializer(),
                Topics.INBOX.valueSerde().serializer());
        inbox.pipeInput(InboxKeys.entry("alice", 1), entry("alice", 1, "alice", "bob"));
        inbox.pipeInput(InboxKeys.entry("alice", 2), entry("alice", 2, "alice", "bob"));
        inbox.pipeInput(InboxKeys.entry("alice", 1), null);
        InboxEntry marker = entry("alice", 2, "alice", "bob");
        marker.setText("");
        inbox.pipeInput(InboxKeys.entry("alice", 2), marker);
        KeyValueStore<String, InboxEntry> store = driver.getKeyValueStore(QueryTopology.HISTORY_STORE);
        assertEquals(List.of(), QueryTopology.conversation(store, "alice", "bob", Long.MAX_VALUE, 50));
    }

    @Test
    void roomEntriesInAnInboxAreNoMessagesWithAnyone() {
        var inbox = driver.createInputTopic(Topics.INBOX.name(), Serdes.String().serializer(),
                Topics.INBOX.valueSerde().serializer());
        inbox.pipeInput(InboxKeys.entry("alice", 1), entry("alice", 1, "bob", "alice"));
        inbox.pipeInput(InboxKeys.entry("alice", 2), new InboxEntry("alice", 2L, "room:team-a:3", "bob", "alice", null,
                "added", AT, "team-a", 3L));
        KeyValueStore<String, InboxEntry> store = driver.getKeyValueStore(QueryTopology.HISTORY_STORE);
        assertEquals(List.of(1L), seqs(QueryTopology.conversation(store, "alice", "bob", Long.MAX_VALUE, 50)),
                "bob added alice to a room: not a message from bob");
    }

    @Test
    void roomStoresFollowTheirChangelogsDeletesIncluded() {
        RoomState state = new RoomState("team-a", "Team A", "alice", "shared", AT, false, -1L, 0L,
                List.of(new RoomMember("alice", RoomRole.OWNER, 0L)));
        pipe(Topics.ROOM_STATE, "team-a", state);
        RoomEntry said = new RoomEntry("team-a", 1L, RoomEntryKind.MESSAGE, "m1", "alice", null, "hi", null, null,
                null, AT);
        pipe(Topics.ROOM_LOG, InboxKeys.entry("team-a", 1), said);
        pipe(Topics.ROOM_READS, InboxKeys.pair("team-a", "alice"), 1L);
        pipe(Topics.USER_ROOMS, "alice", new UserRooms("alice", List.of("team-a")));
        pipe(Topics.READS, InboxKeys.pair("alice", "bob"), 7L);
        assertEquals(state, driver.<String, RoomState>getKeyValueStore(QueryTopology.ROOM_STATE_STORE).get("team-a"));
        assertEquals(said, driver.<String, RoomEntry>getKeyValueStore(QueryTopology.ROOM_LOG_STORE)
                .get(InboxKeys.entry("team-a", 1)));
        assertEquals(1L, driver.<String, Long>getKeyValueStore(QueryTopology.ROOM_READS_STORE)
                .get(InboxKeys.pair("team-a", "alice")));
        assertEquals(List.of("team-a"), driver.<String, UserRooms>getKeyValueStore(QueryTopology.USER_ROOMS_STORE)
                .get("alice").getRooms());
        assertEquals(7L, driver.<String, Long>getKeyValueStore(QueryTopology.READS_STORE)
                .get(InboxKeys.pair("alice", "bob")));
        pipe(Topics.ROOM_LOG, InboxKeys.entry("team-a", 1), null);
        pipe(Topics.USER_ROOMS, "alice", null);
        assertNull(driver.getKeyValueStore(QueryTopology.ROOM_LOG_STORE).get(InboxKeys.entry("team-a", 1)));
        assertNull(driver.getKeyValueStore(QueryTopology.USER_ROOMS_STORE).get("alice"));
    }

    private <V> void pipe(Topic<V> topic, String key, V value) {
        driver.createInputTopic(topic.name(), Serdes.String().serializer(), topic.valueSerde().serializer())
                .pipeInput(key, value);
    }

    private static List<Long> seqs(List<InboxEntry> entries) {
        return entries.stream().map(InboxEntry::getSeq).toList();
    }

    private static InboxEntry entry(String owner, long seq, String from, String to) {
        return new InboxEntry(owner, seq, "m" + seq, from, to, null, "text", AT, null, null);
    }
}
