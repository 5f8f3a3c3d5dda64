package io.chatengine.common;

import io.chatengine.common.protocol.MessageIds;
import java.util.regex.Pattern;

/**
 * Room ids follow the username rules with up to 64 characters; a room's store rows use {@link InboxKeys} with the
 * room id as owner (room ids and usernames live in different stores, so they never collide).
 */
public final class RoomIds {
    private static final Pattern VALID = Pattern.compile("[a-z0-9][a-z0-9_.-]{2,63}");

    private RoomIds() {
    }

    public static boolean isValid(String room) {
        return room != null && VALID.matcher(room).matches();
    }

    /** A room message's id: a resend of the same ref by the same sender in the same room has the same id. */
    public static String messageId(String from, String room, String ref) {
        return MessageIds.of(from, ref == null ? null : room + InboxKeys.SEP + ref);
    }

    /** The id of a user's inbox entry for a change of its membership: one per room seq, so a repeat is known. */
    public static String membershipId(String room, long roomSeq) {
        return "room:" + room + ":" + roomSeq;
    }
}
