package io.chatengine.schemas;

import io.chatengine.schemas.avro.ConnectionEvent;
import io.chatengine.schemas.avro.Delivery;
import io.chatengine.schemas.avro.GatewayHeartbeat;
import io.chatengine.schemas.avro.InboxEntry;
import io.chatengine.schemas.avro.MessageSent;
import io.chatengine.schemas.avro.Presence;
import io.chatengine.schemas.avro.RoomCommand;
import io.chatengine.schemas.avro.RoomEntry;
import io.chatengine.schemas.avro.RoomEvent;
import io.chatengine.schemas.avro.RoomInterest;
import io.chatengine.schemas.avro.RoomMembership;
import io.chatengine.schemas.avro.RoomReply;
import io.chatengine.schemas.avro.RoomSend;
import io.chatengine.schemas.avro.RoomState;
import io.chatengine.schemas.avro.Signal;
import io.chatengine.schemas.avro.UserRooms;
import io.chatengine.schemas.avro.UserCommand;
import io.chatengine.schemas.avro.UserEvent;
import io.chatengine.schemas.avro.UserReply;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The topic catalog: every topic the engine uses, with its serdes and policy. Services read and write topics
 * only through these constants, so names and formats cannot drift apart.
 */
public final class Topics {
    /** Requests to create or deactivate users, keyed by username. */
    public static final Topic<UserCommand> USER_COMMANDS =
            new Topic<>("user-commands", new AvroSerde<>(UserCommand.getClassSchema()), true, Retention.INBOX);
    /** The account log (UserCreated, UserDeactivated), keyed by username. */
    public static final Topic<UserEvent> USERS =
            new Topic<>("users", new AvroSerde<>(UserEvent.getClassSchema()), true, Retention.FOREVER);
    /** Messages accepted by gateways: one copy keyed by the recipient, one keyed by the sender. */
    public static final Topic<MessageSent> MESSAGES =
            new Topic<>("messages", new AvroSerde<>(MessageSent.getClassSchema()), true, Retention.INBOX);
    /** Connections opened and closed, keyed by username. */
    public static final Topic<ConnectionEvent> CONNECTIONS =
            new Topic<>("connections", new AvroSerde<>(ConnectionEvent.getClassSchema()), true, Retention.INBOX);
    /** Gateway heartbeats, keyed by gateway id. */
    public static final Topic<GatewayHeartbeat> GATEWAYS =
            new Topic<>("gateways", new AvroSerde<>(GatewayHeartbeat.getClassSchema()), false, Retention.COMPACTED);
    /** presence-stream's Kafka Streams application id; the changelogs of its stores are read by others. */
    public static final String PRESENCE_STREAM_APPLICATION = "presence-stream";
    /** presence-stream's store of every inbox entry; its changelog is {@link #INBOX}. */
    public static final String INBOX_STORE = "inbox";
    /** presence-stream's store of every user's presence and live connections; its changelog is {@link #PRESENCE}. */
    public static final String PRESENCE_STORE = "presence";
    /**
     * Every inbox entry with its sequence number: the changelog of presence-stream's inbox store, so an entry is
     * written once and is both the store's backup and the history others read. Keys are {@code InboxKeys.entry},
     * in the partition of the inbox owner; entries past the retention are deleted (tombstones) and compacted away.
     */
    public static final Topic<InboxEntry> INBOX = new Topic<>(changelog(PRESENCE_STREAM_APPLICATION, INBOX_STORE),
            new AvroSerde<>(InboxEntry.getClassSchema()), true, Retention.COMPACTED);
    /** Presence and live connections per user: the changelog of presence-stream's presence store. */
    public static final Topic<Presence> PRESENCE = new Topic<>(changelog(PRESENCE_STREAM_APPLICATION, PRESENCE_STORE),
            new AvroSerde<>(Presence.getClassSchema()), true, Retention.COMPACTED);

    /** Requests to create, add to, remove from or close rooms, keyed by room id. */
    public static final Topic<RoomCommand> ROOM_COMMANDS =
            new Topic<>("room-commands", new AvroSerde<>(RoomCommand.getClassSchema()), true, Retention.INBOX);
    /** The room log of changes (RoomCreated, MembersAdded, MemberRemoved, RoomClosed), keyed by room id. */
    public static final Topic<RoomEvent> ROOMS =
            new Topic<>("rooms", new AvroSerde<>(RoomEvent.getClassSchema()), true, Retention.FOREVER);
    /** Room messages accepted by gateways, keyed by room id. */
    public static final Topic<RoomSend> ROOM_SENDS =
            new Topic<>("room-sends", new AvroSerde<>(RoomSend.getClassSchema()), true, Retention.INBOX);
    /** Gateways' interest in rooms (a socket subscribes, the last one left), keyed by room id. */
    public static final Topic<RoomInterest> ROOM_INTEREST =
            new Topic<>("room-interest", new AvroSerde<>(RoomInterest.getClassSchema()), true, Retention.INBOX);
    /** Typing and read receipts in rooms, keyed by room id; short-lived (typing is never stored). */
    public static final Topic<Signal> ROOM_SIGNALS =
            new Topic<>("room-signals", new AvroSerde<>(Signal.getClassSchema()), true, Retention.TRANSIENT);
    /** Typing and read receipts between two users, keyed by the user whose processor acts on it. */
    public static final Topic<Signal> USER_SIGNALS =
            new Topic<>("user-signals", new AvroSerde<>(Signal.getClassSchema()), true, Retention.TRANSIENT);
    /** A change of a user's own membership, from the room's processor to the user's, keyed by username. */
    public static final Topic<RoomMembership> ROOM_MEMBERS =
            new Topic<>("room-members", new AvroSerde<>(RoomMembership.getClassSchema()), true, Retention.INBOX);

    /** presence-stream's store of every room's log; its changelog is {@link #ROOM_LOG}. */
    public static final String ROOM_LOG_STORE = "room-log";
    /** presence-stream's store of every room's settings and members; its changelog is {@link #ROOM_STATE}. */
    public static final String ROOM_STATE_STORE = "room-state";
    /** presence-stream's store of room read positions, {@code InboxKeys.pair(room, user)} to a room seq. */
    public static final String ROOM_READS_STORE = "room-reads";
    /** presence-stream's store of each user's rooms; its changelog is {@link #USER_ROOMS}. */
    public static final String USER_ROOMS_STORE = "user-rooms";
    /** presence-stream's store of direct read positions, {@code InboxKeys.pair(reader, peer)} to the reader's seq. */
    public static final String READS_STORE = "reads";
    /** Every room frame with its room seq, keyed {@code InboxKeys.entry(room, seq)} in the room's partition. */
    public static final Topic<RoomEntry> ROOM_LOG = new Topic<>(changelog(PRESENCE_STREAM_APPLICATION, ROOM_LOG_STORE),
            new AvroSerde<>(RoomEntry.getClassSchema()), true, Retention.COMPACTED);
    /** Each room's settings and members, keyed by room id. */
    public static final Topic<RoomState> ROOM_STATE = new Topic<>(changelog(PRESENCE_STREAM_APPLICATION,
            ROOM_STATE_STORE), new AvroSerde<>(RoomState.getClassSchema()), true, Retention.COMPACTED);
    /** Each user's rooms, keyed by username. */
    public static final Topic<UserRooms> USER_ROOMS = new Topic<>(changelog(PRESENCE_STREAM_APPLICATION,
            USER_ROOMS_STORE), new AvroSerde<>(UserRooms.getClassSchema()), true, Retention.COMPACTED);
    /** Room read positions: {@code InboxKeys.pair(room, user)} to the room seq read (a long), in the room's partition. */
    public static final Topic<Long> ROOM_READS = new Topic<>(changelog(PRESENCE_STREAM_APPLICATION, ROOM_READS_STORE),
            Serdes.Long(), true, Retention.COMPACTED);
    /** Direct read positions: {@code InboxKeys.pair(reader, peer)} to the reader's inbox seq, in the reader's partition. */
    public static final Topic<Long> READS = new Topic<>(changelog(PRESENCE_STREAM_APPLICATION, READS_STORE),
            Serdes.Long(), true, Retention.COMPACTED);

    private static final Topic<UserReply> USER_REPLIES =
            new Topic<>("user-replies.", new AvroSerde<>(UserReply.getClassSchema()), false, Retention.TRANSIENT);
    private static final Topic<RoomReply> ROOM_REPLIES =
            new Topic<>("room-replies.", new AvroSerde<>(RoomReply.getClassSchema()), false, Retention.TRANSIENT);
    private static final Topic<Delivery> GATEWAY =
            new Topic<>("gateway.", new AvroSerde<>(Delivery.getClassSchema()), true, Retention.TRANSIENT);

    /** The shared topics, created by whichever service starts first. */
    public static final List<Topic<?>> SHARED =
            List.of(USER_COMMANDS, USERS, MESSAGES, CONNECTIONS, GATEWAYS, INBOX, PRESENCE,
                    ROOM_COMMANDS, ROOMS, ROOM_SENDS, ROOM_INTEREST, ROOM_SIGNALS, USER_SIGNALS, ROOM_MEMBERS,
                    ROOM_LOG, ROOM_STATE, USER_ROOMS, ROOM_READS, READS);

    private Topics() {
    }

    /** The changelog topic Kafka Streams gives a store: {@code <application.id>-<store>-changelog}. */
    static String changelog(String applicationId, String store) {
        return applicationId + "-" + store + "-changelog";
    }

    /** Answers to user commands for one user-command-service instance. */
    public static Topic<UserReply> userReplies(String instanceId) {
        return USER_REPLIES.named(USER_REPLIES.name() + instanceId);
    }

    /** Answers to room commands for one user-command-service instance. */
    public static Topic<RoomReply> roomReplies(String instanceId) {
        return ROOM_REPLIES.named(ROOM_REPLIES.name() + instanceId);
    }

    /** Frames for the sockets of one gateway instance; only that instance reads it. */
    public static Topic<Delivery> gateway(String gatewayId) {
        return GATEWAY.named(gatewayTopicName(gatewayId));
    }

    public static String gatewayTopicName(String gatewayId) {
        return GATEWAY.name() + gatewayId;
    }
}
