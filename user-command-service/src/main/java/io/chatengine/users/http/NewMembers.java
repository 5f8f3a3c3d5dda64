package io.chatengine.users.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatengine.common.ErrorCode;
import java.util.List;

/**
 * The body of {@code POST /rooms/{room}/members}, {@code {"users":["dave"]}}: one or more valid usernames, each
 * once, in the order given; more than a room can hold is {@code room_full} at once.
 */
public record NewMembers(List<String> users) {
    public static final int MAX_BODY_BYTES = NewRoom.MAX_BODY_BYTES;

    public static NewMembers parse(byte[] body, int maxMembers) throws Refused {
        JsonNode json = JsonBodies.object(body, MAX_BODY_BYTES);
        if (!json.has("users")) {
            throw new Refused(ErrorCode.BAD_REQUEST, "users is required: the usernames to add");
        }
        List<String> users = JsonBodies.usernames(json.get("users"), "users");
        if (users.isEmpty()) {
            throw new Refused(ErrorCode.BAD_REQUEST, "users must name at least one user");
        }
        if (users.size() > maxMembers) {
            throw new Refused(ErrorCode.ROOM_FULL, "a room has at most " + maxMembers + " members");
        }
        return new NewMembers(users);
    }
}
