package io.chatengine.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chatengine.system.Engine.Connected;
import io.chatengine.schemas.Topics;
import io.chatengine.testsupport.Await;
import io.chatengine.testsupport.KafkaBroker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The record budget of the message path: a scripted exchange between users on two gateways, counting every
 * record the engine writes to every topic, the Kafka Streams changelogs included. Each Kafka record costs the
 * broker and at least two clients CPU, so the counts are what the engine's cost per message is made of.
 * Gateway heartbeats (a few per second whatever the traffic) and Kafka's own offset commits are left out.
 */
class RecordBudgetIT {
    /**
     * Records per message accepted: the sender's copy and the recipient's, one inbox row each, one delivery each
     * (the answer to the sending socket carries the sender's).
     */
    static final int PER_MESSAGE = 6;
    /** Records per connect or disconnect: the event, the presence row, the welcome (with any backlog). */
    static final int PER_CONNECTION_EVENT = 3;
    private static final int MESSAGES_EACH_WAY = 20;
    /** Gateways that hold a subscribed socket in the room tests: both. */
    private static final int GATEWAYS = 2;
    /** Records per room message, whatever the member count: the send, one log row, one delivery per gateway. */
    static final int PER_ROOM_MESSAGE = 2 + GATEWAYS;
    /** Records per typing signal: the signal and one delivery per gateway; no store row. */
    static final int PER_TYPING = 1 + GATEWAYS;
    /** Records per room read: the signal, the read row, one delivery per gateway. */
    static final int PER_ROOM_READ = 2 + GATEWAYS;
    private static final int ROOM_MESSAGES = 10;
    private static Engine engine;
    private static Admin admin;

    @BeforeAll
    static void start() {
        engine = new Engine("budget");
        admin = Admin.create(Map.of("bootstrap.servers", KafkaBroker.shared().bootstrapServers()));
    }

    @AfterAll
    static void stop() {
        admin.close();
        engine.close();
    }

    @Test
    void messagesConnectsAndDisconnectsStayWithinTheirRecordBudget() throws Exception {
        String alice = engine.createUser("alice");
        String bob = engine.createUser("bob");
        settled(); // the users' creation is not counted

        Map<String, Long> before = endOffsets();
        Connected atAlice = engine.connect(engine.gw1, alice, null);
        Connected atBob = engine.connect(engine.gw2, bob, null);
        check("2 connects", before, settled(), 2 * PER_CONNECTION_EVENT);

        before = endOffsets();
        for (int i = 0; i < MESSAGES_EACH_WAY; i++) {
            assertEquals("sent", atAlice.send(bob, "to bob " + i, "a" + i).path("type").asText());
            assertEquals("sent", atBob.send(alice, "to alice " + i, "b" + i).path("type").asText());
        }
        long last = 2 * MESSAGES_EACH_WAY;
        awaitSeq(atAlice, last);
        awaitSeq(atBob, last);
        check(2 * MESSAGES_EACH_WAY + " messages", before, settled(), 2 * MESSAGES_EACH_WAY * PER_MESSAGE);

        before = endOffsets();
        long bobSeq = MESSAGES_EACH_WAY; // as if bob had read half of his inbox
        atAlice.client().close();
        atBob.client().close();
        awaitOffline(bob);
        Connected resumed = engine.connect(engine.gw1, bob, bobSeq);
        assertEquals(bobSeq + 1, resumed.nextMessage().path("seq").asLong(), "the backlog follows the welcome");
        awaitSeq(resumed, last);
        resumed.client().close();
        awaitOffline(bob);
        check("2 disconnects, a resume of " + MESSAGES_EACH_WAY + " messages and its disconnect", before, settled(),
                4 * PER_CONNECTION_EVENT);
    }

    @Test
    void aRoomMessageCostsTheSameRecordsInARoomOfThreeAndOfFifty() {
        Map<Integer, Long> perSize = new TreeMap<>();
        for (int size : List.of(3, 50)) {
            String owner = engine.createUser("owner");
            List<String> members = new ArrayList<>();
            for (int i = 1; i < size; i++) {
                members.add(engine.createUser("m" + i));
            }
            String room = "budget-" + size + "-" + UUID.randomUUID().toString().substring(0, 6);
            assertEquals(201, engine.createRoom(owner, room, members).statusCode());
            Connected atOwner = engine.connect(engine.gw1, owner, null);
            atOwner.subscribe(room, null);
            List<Connected> sockets = new ArrayList<>();
            for (int i = 0; i < members.size(); i++) {
                Connected member = engine.connect(i % 2 == 0 ? engine.gw2 : engine.gw1, members.get(i), null);
                member.subscribe(room, null);
                sockets.add(member);
            }
            settled();

            Map<String, Long> before = endOffsets();
            for (int i = 1; i <= ROOM_MESSAGES; i++) {
                assertEquals(i, atOwner.sendToRoom(room, "to all " + i, "r" + i).path("seq").asLong());
            }
            Connected last = sockets.get(sockets.size() - 1);
            last.client().next(Engine.WAIT, f -> f.path("seq").asLong() == ROOM_MESSAGES
                    && room.equals(f.path("room").asText()));
            perSize.put(size, check(ROOM_MESSAGES + " messages in a room of " + size, before, settled(),
                    ROOM_MESSAGES * PER_ROOM_MESSAGE).values().stream().mapToLong(Long::longValue).sum());

            before = endOffsets();
            sockets.get(0).client().send("{\"type\":\"typing\",\"room\":\"" + room + "\"}");
            atOwner.client().nextOfType("typing", Engine.WAIT);
            Map<String, Long> typed = check("a typing signal in a room of " + size, before, settled(), PER_TYPING);
            assertTrue(typed.keySet().stream().noneMatch(topic -> topic.endsWith("-changelog")),
                    "typing is stored nowhere: " + typed);

            before = endOffsets();
            sockets.get(0).client().send("{\"type\":\"read\",\"room\":\"" + room + "\",\"seq\":" + ROOM_MESSAGES + "}");
            atOwner.client().nextOfType("read", Engine.WAIT);
            check("a read in a room of " + size, before, settled(), PER_ROOM_READ);
            sockets.forEach(socket -> socket.client().close());
            atOwner.client().close();
        }
        assertEquals(perSize.get(3), perSize.get(50), "a room message costs the same whatever the member count");
    }

    private static void awaitSeq(Connected connected, long seq) {
        connected.client().next(Engine.WAIT, f -> "message".equals(f.path("type").asText())
                && f.path("seq").asLong() == seq);
    }

    private void awaitOffline(String user) {
        Await.until(Engine.WAIT, user + " offline", () -> !engine.presenceOf(user).path("online").asBoolean());
    }

    /** Asserts the records written between the two offsets are within the budget; their total by topic. */
    private static Map<String, Long> check(String phase, Map<String, Long> before, Map<String, Long> after, int budget) {
        Map<String, Long> written = new TreeMap<>();
        after.forEach((partition, end) -> {
            long count = end - before.getOrDefault(partition, 0L);
            if (count > 0) {
                written.merge(partition.substring(0, partition.lastIndexOf('-')), count, Long::sum);
            }
        });
        long total = written.values().stream().mapToLong(Long::longValue).sum();
        System.out.printf("record budget, %s: %d records (budget %d): %s%n", phase, total, budget, written);
        assertTrue(total <= budget, phase + ": " + total + " records, over the budget of " + budget + ": " + written);
        assertTrue(total > 0, phase + ": records are counted");
        return written;
    }

    /** The end offsets once the engine has stopped writing: unchanged for half a second. */
    private static Map<String, Long> settled() {
        AtomicReference<Map<String, Long>> last = new AtomicReference<>(endOffsets());
        AtomicLong changedAt = new AtomicLong(System.nanoTime());
        Await.until(Duration.ofSeconds(30), "the engine to stop writing", () -> {
            Map<String, Long> now = endOffsets();
            if (!now.equals(last.getAndSet(now))) {
                changedAt.set(System.nanoTime());
            }
            return System.nanoTime() - changedAt.get() >= Duration.ofMillis(500).toNanos();
        });
        return last.get();
    }

    /** End offset of every partition of every counted topic, keyed {@code topic-partition}. */
    private static Map<String, Long> endOffsets() {
        try {
            Set<String> topics = admin.listTopics().names().get().stream()
                    .filter(t -> !t.startsWith("__") && !t.equals(Topics.GATEWAYS.name()))
                    .collect(Collectors.toSet());
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (TopicDescription topic : admin.describeTopics(topics).allTopicNames().get().values()) {
                topic.partitions().forEach(p -> latest.put(new TopicPartition(topic.name(), p.partition()),
                        OffsetSpec.latest()));
            }
            Map<String, Long> ends = new HashMap<>();
            admin.listOffsets(latest).all().get().forEach((partition, info) ->
                    ends.put(partition.toString(), info.offset()));
            return ends;
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
