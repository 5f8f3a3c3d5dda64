package io.chatengine.schemas;

import io.chatengine.schemas.avro.ConnectionEvent;
import io.chatengine.schemas.avro.Delivery;
import io.chatengine.schemas.avro.GatewayHeartbeat;
import io.chatengine.schemas.avro.InboxEntry;
import io.chatengine.schemas.avro.MessageSent;
import io.chatengine.schemas.avro.Presence;
import io.chatengine.schemas.avro.UserCommand;
import io.chatengine.schemas.avro.UserEvent;
import io.chatengine.schemas.avro.UserReply;
import java.util.List;

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

    private static final Topic<UserReply> USER_REPLIES =
            new Topic<>("user-replies.", new AvroSerde<>(UserReply.getClassSchema()), false, Retention.TRANSIENT);
    private static final Topic<Delivery> GATEWAY =
            new Topic<>("gateway.", new AvroSerde<>(Delivery.getClassSchema()), true, Retention.TRANSIENT);

    /** The shared topics, created by whichever service starts first. */
    public static final List<Topic<?>> SHARED =
            List.of(USER_COMMANDS, USERS, MESSAGES, CONNECTIONS, GATEWAYS, INBOX, PRESENCE);

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

    /** Frames for the sockets of one gateway instance; only that instance reads it. */
    public static Topic<Delivery> gateway(String gatewayId) {
        return GATEWAY.named(gatewayTopicName(gatewayId));
    }

    public static String gatewayTopicName(String gatewayId) {
        return GATEWAY.name() + gatewayId;
    }
}
