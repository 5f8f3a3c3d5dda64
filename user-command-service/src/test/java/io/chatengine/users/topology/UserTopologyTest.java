package io.chatengine.users.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chatengine.schemas.Topics;
import io.chatengine.schemas.avro.UserAction;
import io.chatengine.schemas.avro.UserCommand;
import io.chatengine.schemas.avro.UserCreated;
import io.chatengine.schemas.avro.UserDeactivated;
import io.chatengine.schemas.avro.UserEvent;
import io.chatengine.schemas.avro.UserOutcome;
import io.chatengine.schemas.avro.UserReply;
import java.nio.file.Files;
import java.time.Instant;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class UserTopologyTest {
    private TopologyTestDriver driver;
    private TestInputTopic<String, UserCommand> commands;
    private TestOutputTopic<String, UserEvent> users;
    private TestOutputTopic<String, UserReply> repliesA;
    private TestOutputTopic<String, UserReply> repliesB;

    @BeforeEach
    void start() throws Exception {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "users-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory("users-test").toString());
        driver = new TopologyTestDriver(UserTopology.build(), props);
        commands = driver.createInputTopic(Topics.USER_COMMANDS.name(), Serdes.String().serializer(),
                Topics.USER_COMMANDS.valueSerde().serializer());
        users = driver.createOutputTopic(Topics.USERS.name(), Serdes.String().deserializer(),
                Topics.USERS.valueSerde().deserializer());
        repliesA = replies("users-a");
        repliesB = replies("users-b");
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    @Test
    void aNewUsernameIsCreated() {
        UserReply reply = decide("users-a", UserAction.CREATE, "alice", "Alice", null);
        assertEquals(UserOutcome.CREATED, reply.getOutcome());
        assertEquals("Alice", reply.getDisplayName());
        UserCreated created = (UserCreated) users.readValue().getEvent();
        assertEquals("alice", created.getUsername());
        assertEquals("root", created.getCreatedBy());
        assertEquals(reply.getCreatedAt(), created.getCreatedAt());
    }

    @Test
    void secondCreateOfSameUsernameIsRejected() {
        decide("users-a", UserAction.CREATE, "alice", "Alice", null);
        UserReply second = decideOn(repliesB, "users-b", UserAction.CREATE, "alice", "Other", null);
        assertEquals(UserOutcome.USERNAME_TAKEN, second.getOutcome());
        assertEquals(1, users.readValuesToList().size(), "no second event");
    }

    @Test
    void theReplyGoesToTheInstanceThatAsked() {
        decideOn(repliesB, "users-b", UserAction.CREATE, "bob", "Bob", null);
        assertTrue(repliesA.isEmpty());
    }

    @Test
    void deactivateUnknownUserIsNotFound() {
        assertEquals(UserOutcome.NOT_FOUND, decide("users-a", UserAction.DEACTIVATE, "ghost", null, null).getOutcome());
        assertTrue(users.isEmpty());
    }

    @Test
    void deactivationIsAnEventAndIdempotent() {
        decide("users-a", UserAction.CREATE, "alice", "Alice", null);
        assertEquals(UserOutcome.DEACTIVATED, decide("users-a", UserAction.DEACTIVATE, "alice", null, null).getOutcome());
        assertEquals(UserOutcome.DEACTIVATED, decide("users-a", UserAction.DEACTIVATE, "alice", null, null).getOutcome());
        var events = users.readValuesToList();
        assertEquals(2, events.size(), "created, deactivated once");
        assertInstanceOf(UserDeactivated.class, events.get(1).getEvent());
    }

    @Test
    void aDeactivatedUsernameIsNeverReused() {
        decide("users-a", UserAction.CREATE, "alice", "Alice", null);
        decide("users-a", UserAction.DEACTIVATE, "alice", null, null);
        assertEquals(UserOutcome.USERNAME_TAKEN, decide("users-a", UserAction.CREATE, "alice", "Alice", null).getOutcome());
    }

    @Test
    void idempotentRetryGetsSameReply() {
        UserReply first = decide("users-a", UserAction.CREATE, "alice", "Alice", "key-1");
        UserReply retry = decideOn(repliesB, "users-b", UserAction.CREATE, "alice", "Alice", "key-1");
        assertEquals(UserOutcome.CREATED, retry.getOutcome(), "never a 409 for its own success");
        assertEquals(first.getCreatedAt(), retry.getCreatedAt());
        assertEquals(1, users.readValuesToList().size());
    }

    @Test
    void aReplyKeptBeforeRepliesNamedTheirInstanceIsAnsweredToTheOneAskingNow() {
        UserReply kept = decide("users-a", UserAction.CREATE, "alice", "Alice", "key-1");
        KeyValueStore<String, UserReply> store = driver.getKeyValueStore(UserTopology.IDEMPOTENCY_STORE);
        store.put("root|key-1|alice", UserReply.newBuilder(kept).setReplyTo(null).build()); // as v1 kept it
        UserReply retry = decideOn(repliesB, "users-b", UserAction.CREATE, "alice", "Alice", "key-1");
        assertEquals(UserOutcome.CREATED, retry.getOutcome());
        assertEquals(kept.getCreatedAt(), retry.getCreatedAt());
    }

    @Test
    void aReusedIdempotencyKeyForADifferentRequestIsRefused() {
        decide("users-a", UserAction.CREATE, "alice", "Alice", "key-1");
        assertEquals(UserOutcome.IDEMPOTENCY_MISMATCH,
                decide("users-a", UserAction.CREATE, "alice", "Someone else", "key-1").getOutcome());
        assertEquals(UserOutcome.IDEMPOTENCY_MISMATCH,
                decide("users-a", UserAction.DEACTIVATE, "alice", null, "key-1").getOutcome());
    }

    @Test
    void aNewIdempotencyKeyForATakenNameIsStillTaken() {
        decide("users-a", UserAction.CREATE, "alice", "Alice", "key-1");
        assertEquals(UserOutcome.USERNAME_TAKEN, decide("users-a", UserAction.CREATE, "alice", "Alice", "key-2")
                .getOutcome());
    }

    private UserReply decide(String instance, UserAction action, String username, String displayName, String key) {
        return decideOn(repliesA, instance, action, username, displayName, key);
    }

    private UserReply decideOn(TestOutputTopic<String, UserReply> replies, String instance, UserAction action,
                               String username, String displayName, String key) {
        String requestId = UUID.randomUUID().toString();
        commands.pipeInput(username, new UserCommand(requestId, instance, action, username, displayName, key, "root",
                Instant.parse("2026-11-23T10:00:00.123Z")));
        var record = replies.readRecord();
        assertEquals(requestId, record.key());
        assertEquals(requestId, record.value().getRequestId());
        assertEquals(instance, record.value().getReplyTo(), "the reply names the topic it is written to");
        return record.value();
    }

    private TestOutputTopic<String, UserReply> replies(String instance) {
        return driver.createOutputTopic(Topics.userReplies(instance).name(), Serdes.String().deserializer(),
                Topics.userReplies(instance).valueSerde().deserializer());
    }
}
