package io.chatengine.users.config;

import io.chatengine.common.config.Env;

/**
 * How big rooms and room lists may grow.
 *
 * @param maxMembers      CHAT_ROOM_MAX_MEMBERS: members of one room, the owner included
 * @param maxRoomsPerUser CHAT_MAX_ROOMS_PER_USER: rooms one user may be a member of
 */
public record RoomLimits(int maxMembers, int maxRoomsPerUser) {
    public static final RoomLimits DEFAULTS = new RoomLimits(1_000, 1_000);

    public static RoomLimits from(Env env) {
        return new RoomLimits(
                env.integer("CHAT_ROOM_MAX_MEMBERS", DEFAULTS.maxMembers(), 1, 1_000_000),
                env.integer("CHAT_MAX_ROOMS_PER_USER", DEFAULTS.maxRoomsPerUser(), 1, 1_000_000));
    }
}
