package io.chatengine.users.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chatengine.schemas.Topics;
import io.chatengine.schemas.avro.MemberRemoved;
import io.chatengine.schemas.avro.MembersAdded;
import io.chatengine.schemas.avro.RoomAction;
import io.chatengine.schemas.avro.RoomClosed;
import io.chatengine.schemas.avro.RoomCommand;
import io.chatengine.schemas.avro.RoomCreated;
import io.chatengine.schemas.avro.RoomEvent;
import io.chatengine.schemas.avro.RoomReply;
import io.chatengine.schemas.avro.RoomUnchanged;
import io.chatengine.schemas.avro.UserCreated;
import io.chatengine.schemas.avro.UserDeactivated;
import io.chatengine.schemas.avro.UserEvent;
import io.chatengine.schemas.avro.UserRooms;
import io.chatengine.users.config.RoomLimits;
import java.nio.file.Files;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.IntStream;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The room decisions, on the application as it runs (the user topology beside them), with small limits. */
class RoomTopologyTest {
    private static final Instant AT = Instant.parse("2026-11-23T10:00:00.123Z");
    private static final int MAX_MEMBERS = 4;
    private static final int MAX_ROOMS = 3;
    private TopologyTestDriver driver;
    private TestInputTopic<String, RoomCommand> commands;
    private TestInputTopic<String, UserEvent> users;
    private TestInputTopic<String, UserRooms> userRooms;
    private TestOutputTopic<String, RoomEvent> rooms;
    private TestOutputTopic<String, RoomReply> repliesA;
    private TestOutputTopic<String, RoomReply> repliesB;

    @BeforeEach
    void start() throws Exception {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "rooms-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory("rooms-test").toString());
        driver = new TopologyTestDriver(RoomTopology.addTo(UserTopology.build(),
                new RoomLimits(MAX_MEMBERS, MAX_ROOMS)), props);
        commands = driver.createInputTopic(Topics.ROOM_COMMANDS.name(), Serdes.String().serializer(),
                Topics.ROOM_COMMANDS.valueSerde().serializer());
        users = driver.createInputTopic(Topics.USERS.name(), Serdes.String().serializer(),
                Topics.USERS.valueSerde().serializer());
        userRooms = driver.createInputTopic(Topics.USER_ROOMS.name(), Serdes.String().serializer(),
                Topics.USER_ROOMS.valueSerde().serializer());
        rooms = driver.createOutputTopic(Topics.ROOMS.name(), Serdes.String().deserializer(),
                Topics.ROOMS.valueSerde().deserializer());
        repliesA = replies("users-a");
        repliesB = replies("users-b");
        for (String user : List.of("alice", "bob", "carol", "dave", "erin")) {
            users.pipeInput(user, new UserEvent(new UserCreated(user, user, AT, "root")));
        }
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    @Test
    void aNewRoomIsCreatedWithTheCallerAsOwner() {
        RoomCommand command = create("alice", "team-a", "bob", "carol").setIdempotencyKey(null).build();
        RoomEvent event = accepted(command);
        RoomCreated created = assertInstanceOf(RoomCreated.class, event.getEvent());
        assertEquals("team-a", created.getRoom());
        assertEquals("Team A", created.getTitle());
        assertEquals("alice", created.getOwner());
        assertEquals("shared", created.getHistory());
        assertEquals(List.of("bob", "carol"), created.getMembers());
        assertEquals(201, event.getStatus());
        assertEquals(command.getRequestId(), event.getRequestId());
        assertEquals("users-a", event.getReplyTo());
        assertEquals("alice", event.getBy());
        assertEquals(AT, event.getAt());
    }

    @Test
    void anAdminCreatesARoomForTheOwnerItNames() {
        RoomEvent event = accepted(create("ops", "team-a", "bob").setAdmin(true).setOwner("alice").build());
        assertEquals("alice", ((RoomCreated) event.getEvent()).getOwner());
        assertEquals("ops", event.getBy());
    }

    @Test
    void theOwnerListedAmongTheMembersIsNotAMemberTwice() {
        RoomCreated created = (RoomCreated) accepted(create("alice", "team-a", "bob", "alice", "bob").build())
                .getEvent();
        assertEquals(List.of("bob"), created.getMembers());
    }

    @Test
    void secondCreateOfTheSameRoomIsRoomTaken() {
        accepted(create("alice", "team-a").build());
        RoomReply second = refusedOn(repliesB, create("bob", "team-a").setReplyTo("users-b").build());
        assertEquals(409, second.getStatus());
        assertEquals("room_taken", second.getError());
    }

    @Test
    void aMemberThatIsNoUserIsUnknownUser() {
        RoomReply reply = refused(create("alice", "team-a", "bob", "ghost").build());
        assertEquals(400, reply.getStatus());
        assertEquals("unknown_user", reply.getError());
        assertTrue(reply.getMessage().contains("ghost"), reply.getMessage());
    }

    @Test
    void aDeactivatedMemberIsUnknownUser() {
        deactivate("carol");
        RoomReply reply = refused(create("alice", "team-a", "carol").build());
        assertEquals("unknown_user", reply.getError());
        assertTrue(reply.getMessage().contains("carol"), reply.getMessage());
    }

    @Test
    void theOwnerAnAdminNamesMustBeAnActiveUser() {
        RoomReply reply = refused(create("ops", "team-a").setAdmin(true).setOwner("ghost").build());
        assertEquals("unknown_user", reply.getError());
        assertTrue(reply.getMessage().contains("ghost"), reply.getMessage());
    }

    @Test
    void aDeactivatedCallerIsForbidden() {
        accepted(create("alice", "team-a", "bob").build());
        deactivate("bob");
        RoomReply reply = refused(remove("bob", "team-a", "bob").build());
        assertEquals(403, reply.getStatus());
        assertEquals("forbidden", reply.getError());
    }

    @Test
    void aRoomOverTheMemberLimitIsFull() {
        RoomReply reply = refused(create("alice", "team-a", "bob", "carol", "dave", "erin").build());
        assertEquals(409, reply.getStatus());
        assertEquals("room_full", reply.getError());
        accepted(create("alice", "team-a", "bob", "carol", "dave").build());
    }

    @Test
    void anAddOverTheMemberLimitIsFull() {
        accepted(create("alice", "team-a", "bob", "carol").build());
        assertEquals("room_full", refused(add("alice", "team-a", "dave", "erin").build()).getError());
        accepted(add("alice", "team-a", "dave").build());
    }

    @Test
    void aUserInAsManyRoomsAsAllowedIsTooManyRooms() {
        inRooms("bob", MAX_ROOMS);
        RoomReply reply = refused(create("alice", "team-a", "carol", "bob").build());
        assertEquals(409, reply.getStatus());
        assertEquals("too_many_rooms", reply.getError());
        assertTrue(reply.getMessage().contains("bob"), reply.getMessage());
        accepted(create("alice", "team-a", "carol").build());
        assertEquals("too_many_rooms", refused(add("alice", "team-a", "bob").build()).getError());
        inRooms("bob", MAX_ROOMS - 1);
        accepted(add("alice", "team-a", "bob").build());
    }

    @Test
    void anOwnerInAsManyRoomsAsAllowedCannotCreateAnother() {
        inRooms("alice", MAX_ROOMS);
        RoomReply reply = refused(create("alice", "team-a").build());
        assertEquals("too_many_rooms", reply.getError());
        assertTrue(reply.getMessage().contains("alice"), reply.getMessage());
    }

    @Test
    void theOwnerAddsMembers() {
        accepted(create("alice", "team-a", "bob").build());
        RoomCommand command = add("alice", "team-a", "carol", "bob", "dave").build();
        RoomEvent event = accepted(command);
        assertEquals(List.of("carol", "dave"), ((MembersAdded) event.getEvent()).getUsers(), "only those not in yet");
        assertEquals(200, event.getStatus());
        assertEquals(command.getRequestId(), event.getRequestId());
    }

    @Test
    void anAdminAddsMembersToARoomItIsNotIn() {
        accepted(create("alice", "team-a").build());
        RoomEvent event = accepted(add("ops", "team-a", "carol").setAdmin(true).build());
        assertEquals(List.of("carol"), ((MembersAdded) event.getEvent()).getUsers());
        assertEquals("ops", event.getBy());
    }

    @Test
    void aMemberWhoIsNotTheOwnerCannotAdd() {
        accepted(create("alice", "team-a", "bob").build());
        RoomReply reply = refused(add("bob", "team-a", "carol").build());
        assertEquals(403, reply.getStatus());
        assertEquals("forbidden", reply.getError());
    }

    @Test
    void anOutsiderLearnsNothingOfTheRoom() {
        accepted(create("alice", "team-a", "bob").build());
        RoomReply outsider = refused(add("carol", "team-a", "dave").build());
        RoomReply noSuchRoom = refused(add("carol", "team-b", "dave").build());
        assertEquals(404, outsider.getStatus());
        assertEquals("not_found", outsider.getError());
        assertEquals(noSuchRoom.getError(), outsider.getError());
        assertEquals(noSuchRoom.getMessage().replace("team-b", "team-a"), outsider.getMessage(), "the same answer");
        assertEquals("not_found", refused(remove("carol", "team-a", "bob").build()).getError());
        assertEquals("not_found", refused(close("carol", "team-a").build()).getError());
    }

    @Test
    void addingMembersAlreadyInChangesNothing() {
        accepted(create("alice", "team-a", "bob").build());
        accepted(add("alice", "team-a", "carol").build());
        RoomEvent again = accepted(add("alice", "team-a", "carol", "bob", "alice").build());
        assertEquals(new RoomUnchanged("team-a"), again.getEvent());
        assertEquals(200, again.getStatus());
    }

    @Test
    void aMemberLeaves() {
        accepted(create("alice", "team-a", "bob").build());
        RoomEvent event = accepted(remove("bob", "team-a", "bob").build());
        assertEquals(new MemberRemoved("team-a", "bob", true), event.getEvent());
        assertEquals(204, event.getStatus());
        assertEquals("not_found", refused(remove("bob", "team-a", "bob").build()).getError(), "no longer a member");
    }

    @Test
    void theOwnerCannotLeaveOrBeRemoved() {
        accepted(create("alice", "team-a", "bob").build());
        RoomReply leaving = refused(remove("alice", "team-a", "alice").build());
        assertEquals(409, leaving.getStatus());
        assertEquals("owner_cannot_leave", leaving.getError());
        assertEquals("owner_cannot_leave", refused(remove("ops", "team-a", "alice").setAdmin(true).build())
                .getError());
    }

    @Test
    void theOwnerRemovesAMember() {
        accepted(create("alice", "team-a", "bob", "carol").build());
        RoomEvent event = accepted(remove("alice", "team-a", "bob").build());
        assertEquals(new MemberRemoved("team-a", "bob", false), event.getEvent());
        assertEquals(204, event.getStatus());
    }

    @Test
    void aMemberCannotRemoveAnother() {
        accepted(create("alice", "team-a", "bob", "carol").build());
        RoomReply reply = refused(remove("bob", "team-a", "carol").build());
        assertEquals(403, reply.getStatus());
        assertEquals("forbidden", reply.getError());
        assertEquals("forbidden", refused(remove("bob", "team-a", "alice").build()).getError());
    }

    @Test
    void removingSomeoneNotInTheRoomChangesNothing() {
        accepted(create("alice", "team-a", "bob").build());
        RoomEvent event = accepted(remove("alice", "team-a", "dave").build());
        assertEquals(new RoomUnchanged("team-a"), event.getEvent());
        assertEquals(204, event.getStatus());
    }

    @Test
    void theOwnerClosesTheRoomOnce() {
        accepted(create("alice", "team-a", "bob").build());
        assertEquals("forbidden", refused(close("bob", "team-a").build()).getError(), "a member may not");
        RoomEvent closed = accepted(close("alice", "team-a").build());
        assertEquals(new RoomClosed("team-a"), closed.getEvent());
        assertEquals(204, closed.getStatus());
        RoomEvent again = accepted(close("ops", "team-a").setAdmin(true).build());
        assertEquals(new RoomUnchanged("team-a"), again.getEvent());
        assertEquals(204, again.getStatus());
    }

    @Test
    void aClosedRoomRefusesAddsButLetsMembersLeave() {
        accepted(create("alice", "team-a", "bob").build());
        accepted(close("alice", "team-a").build());
        RoomReply reply = refused(add("alice", "team-a", "carol").build());
        assertEquals(403, reply.getStatus());
        assertEquals("forbidden", reply.getError());
        assertEquals("forbidden", refused(add("ops", "team-a", "carol").setAdmin(true).build()).getError());
        assertInstanceOf(MemberRemoved.class, accepted(remove("bob", "team-a", "bob").build()).getEvent());
    }

    @Test
    void aRetryWithTheSameKeyGetsTheFirstStatusAndChangesNothing() {
        accepted(create("alice", "team-a", "bob").setIdempotencyKey("k1").build());
        RoomCommand retry = create("alice", "team-a", "bob").setIdempotencyKey("k1").setReplyTo("users-b").build();
        commands.pipeInput("team-a", retry);
        RoomEvent event = rooms.readValue();
        assertEquals(new RoomUnchanged("team-a"), event.getEvent());
        assertEquals(201, event.getStatus(), "never a 409 for its own success");
        assertEquals(retry.getRequestId(), event.getRequestId());
        assertEquals("users-b", event.getReplyTo());
        assertTrue(rooms.isEmpty() && repliesA.isEmpty() && repliesB.isEmpty());
        assertEquals("room_taken", refused(create("alice", "team-a", "bob").build()).getError(), "without the key");
    }

    @Test
    void aRetriedRefusalGetsTheSameRefusal() {
        RoomReply first = refused(create("alice", "team-a", "frank").setIdempotencyKey("k1").build());
        users.pipeInput("frank", new UserEvent(new UserCreated("frank", "Frank", AT, "root")));
        RoomReply again = refused(create("alice", "team-a", "frank").setIdempotencyKey("k1").build());
        assertEquals(first.getStatus(), again.getStatus());
        assertEquals("unknown_user", again.getError());
        assertEquals(first.getMessage(), again.getMessage());
    }

    @Test
    void aKeyReusedForAnotherRequestIsRefused() {
        accepted(create("alice", "team-a", "bob").setIdempotencyKey("k1").build());
        RoomReply reply = refused(create("alice", "team-a", "carol").setIdempotencyKey("k1").build());
        assertEquals(422, reply.getStatus());
        assertEquals("idempotency_key_reused", reply.getError());
        assertEquals("idempotency_key_reused", refused(close("alice", "team-a").setIdempotencyKey("k1").build())
                .getError());
        assertInstanceOf(RoomClosed.class, accepted(close("alice", "team-a").setIdempotencyKey("k2").build())
                .getEvent(), "another key is another request");
    }

    @Test
    void aKeyBelongsToItsCaller() {
        accepted(create("alice", "team-a", "bob").build());
        accepted(add("alice", "team-a", "carol").setIdempotencyKey("k1").build());
        assertEquals("forbidden", refused(add("bob", "team-a", "carol").setIdempotencyKey("k1").build()).getError(),
                "bob's k1 is not alice's");
    }

    @Test
    void theRefusalGoesToTheInstanceThatAsked() {
        refusedOn(repliesB, add("alice", "team-x", "bob").setReplyTo("users-b").build());
        assertTrue(repliesA.isEmpty());
    }

    private RoomEvent accepted(RoomCommand command) {
        commands.pipeInput(command.getRoom(), command);
        assertTrue(repliesA.isEmpty() && repliesB.isEmpty(), "no refusal");
        var record = rooms.readRecord();
        assertEquals(command.getRoom(), record.key());
        assertTrue(rooms.isEmpty(), "one event");
        return record.value();
    }

    private RoomReply refused(RoomCommand command) {
        return refusedOn(repliesA, command);
    }

    private RoomReply refusedOn(TestOutputTopic<String, RoomReply> replies, RoomCommand command) {
        commands.pipeInput(command.getRoom(), command);
        assertTrue(rooms.isEmpty(), "no event");
        var record = replies.readRecord();
        assertEquals(command.getRequestId(), record.key());
        assertEquals(command.getRequestId(), record.value().getRequestId());
        assertEquals(command.getReplyTo(), record.value().getReplyTo(), "the reply names the topic it is written to");
        assertNull(record.value().getBody());
        assertFalse(record.value().getError() == null);
        return record.value();
    }

    private static RoomCommand.Builder command(RoomAction action, String by, String room, String... users) {
        return RoomCommand.newBuilder().setRequestId(UUID.randomUUID().toString()).setReplyTo("users-a")
                .setAction(action).setRoom(room).setUsers(List.of(users)).setRequestedBy(by).setAdmin(false)
                .setRequestedAt(AT);
    }

    private static RoomCommand.Builder create(String by, String room, String... members) {
        return command(RoomAction.CREATE, by, room, members).setOwner(by).setTitle("Team A").setHistory("shared");
    }

    private static RoomCommand.Builder add(String by, String room, String... users) {
        return command(RoomAction.ADD, by, room, users);
    }

    private static RoomCommand.Builder remove(String by, String room, String user) {
        return command(RoomAction.REMOVE, by, room, user);
    }

    private static RoomCommand.Builder close(String by, String room) {
        return command(RoomAction.CLOSE, by, room);
    }

    private void deactivate(String user) {
        users.pipeInput(user, new UserEvent(new UserDeactivated(user, AT, "root")));
    }

    private void inRooms(String user, int count) {
        userRooms.pipeInput(user, new UserRooms(user, IntStream.range(0, count).mapToObj(i -> "room-" + i).toList()));
    }

    private TestOutputTopic<String, RoomReply> replies(String instance) {
        return driver.createOutputTopic(Topics.roomReplies(instance).name(), Serdes.String().deserializer(),
                Topics.roomReplies(instance).valueSerde().deserializer());
    }
}
