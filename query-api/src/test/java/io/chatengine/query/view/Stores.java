package io.chatengine.query.view;

import io.chatengine.common.InboxKeys;
import io.chatengine.query.topology.QueryTopology;
import io.chatengine.schemas.Topic;
import io.chatengine.schemas.Topics;
import io.chatengine.schemas.avro.InboxEntry;
import io.chatengine.schemas.avro.RoomEntry;
import io.chatengine.schemas.avro.RoomEntryKind;
import io.chatengine.schemas.avro.RoomMember;
import io.chatengine.schemas.avro.RoomRole;
import io.chatengine.schemas.avro.RoomState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * query-api's topology in a TopologyTestDriver, fed through presence-stream's changelogs as in production, with
 * the stores the views read.
 */
final class Stores implements AutoCloseable {
    static final Instant T0 = Instant.parse("2026-11-23T10:00:00.000Z");
    private final TopologyTestDriver driver;

    Stores() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "query-view-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        try {
            props.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory("query-view-test").toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        driver = new TopologyTestDriver(QueryTopology.build(), props);
    }

    <V> void write(Topic<V> topic, String key, V value) {
        driver.createInputTopic(topic.name(), Serdes.String().serializer(), topic.valueSerde().serializer())
                .pipeInput(key, value);
    }

    void inbox(InboxEntry entry) {
        write(Topics.INBOX, InboxKeys.entry(entry.getOwner(), entry.getSeq()), entry);
    }

    void room(RoomState state) {
        write(Topics.ROOM_STATE, state.getRoom(), state);
    }

    void log(RoomEntry entry) {
        write(Topics.ROOM_LOG, InboxKeys.entry(entry.getRoom(), entry.getSeq()), entry);
    }

    void roomRead(String room, String user, long seq) {
        write(Topics.ROOM_READS, InboxKeys.pair(room, user), seq);
    }

    void read(String reader, String peer, long seq) {
        write(Topics.READS, InboxKeys.pair(reader, peer), seq);
    }

    <V> KeyValueStore<String, V> store(String name) {
        return driver.getKeyValueStore(name);
    }

    @Override
    public void close() {
        driver.close();
    }

    /** A direct message in {@code owner}'s inbox at {@code seq}, sent at T0 + seq seconds. */
    static InboxEntry message(String owner, long seq, String id, String from, String to) {
        return new InboxEntry(owner, seq, id, from, to, null, "text " + id, T0.plusSeconds(seq), null, null);
    }

    /** A change of {@code owner}'s own membership of a room, as its inbox holds it. */
    static InboxEntry roomEntry(String owner, long seq, String room, String by) {
        return new InboxEntry(owner, seq, "room:" + room + ":1", by, owner, null, "added", T0.plusSeconds(seq),
                room, 1L);
    }

    static RoomEntry said(String room, long seq, String from) {
        return new RoomEntry(room, seq, RoomEntryKind.MESSAGE, room + "-m" + seq, from, "r" + seq, "text " + seq,
                null, null, null, T0.plusSeconds(seq));
    }

    static RoomEntry added(String room, long seq, String user, String by) {
        return new RoomEntry(room, seq, RoomEntryKind.MEMBER, null, null, null, null, user, "added", by,
                T0.plusSeconds(seq));
    }

    /** A room owned by {@code owner}; each further member as {@code user:since}. */
    static RoomState state(String room, String history, long seq, String owner, String... members) {
        List<RoomMember> list = new ArrayList<>();
        list.add(new RoomMember(owner, RoomRole.OWNER, 0L));
        for (String member : members) {
            String[] parts = member.split(":");
            list.add(new RoomMember(parts[0], RoomRole.MEMBER, Long.parseLong(parts[1])));
        }
        return new RoomState(room, "Room " + room, owner, history, T0, false, -1L, seq, list);
    }
}
