package io.chatengine.presence.topology;

import io.chatengine.schemas.Topics;

/**
 * Names of the stores of presence-stream. They name changelog topics too, so they never change: the inbox and
 * presence changelogs are the inbox and presence topics that gateways and query-api read.
 *
 * <p>{@link #INBOX}: {@code InboxKeys.entry(owner, seq)} to the entry, one row per entry, so a crash leaves a
 * prefix of an inbox's writes and the next seq is always the newest row's plus one. {@link #PRESENCE}: username
 * to the user's presence with its live connections, in memory (it is small) and restored from its changelog.
 */
final class StoreNames {
    static final String INBOX = Topics.INBOX_STORE;
    static final String PRESENCE = Topics.PRESENCE_STORE;
    /** Message id to seq per inbox, local and not logged: a cache of {@link #INBOX} (see InboxIndex). */
    static final String INBOX_IDS = "inbox-ids";
    static final String GATEWAYS = "gateways";
    /** Username to the rooms the user is in; its changelog is {@code Topics.USER_ROOMS}. */
    static final String USER_ROOMS = Topics.USER_ROOMS_STORE;
    /** {@code InboxKeys.pair(reader, peer)} to the reader's inbox seq read in that conversation. */
    static final String READS = Topics.READS_STORE;
    /** Room id to its settings and members (RoomState); its changelog is read by query-api. */
    static final String ROOM_STATE = Topics.ROOM_STATE_STORE;
    /** {@code InboxKeys.entry(room, seq)} to the room's frame; its changelog is the room log others read. */
    static final String ROOM_LOG = Topics.ROOM_LOG_STORE;
    /** Message id to seq per room, local and not logged: a cache of {@link #ROOM_LOG} (see LogIndex). */
    static final String ROOM_IDS = "room-ids";
    /** {@code InboxKeys.pair(room, gateway)} to the gateway's interest (see RoomInterests). */
    static final String ROOM_GATEWAYS = "room-gateways";
    /** {@code InboxKeys.pair(room, member)} to the room seq the member has read; its changelog is read by query-api. */
    static final String ROOM_READS = Topics.ROOM_READS_STORE;

    private StoreNames() {
    }
}
