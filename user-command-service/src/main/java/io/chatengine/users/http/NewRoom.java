package io.chatengine.users.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatengine.common.ErrorCode;
import io.chatengine.common.RoomIds;
import io.chatengine.common.Usernames;
import io.chatengine.common.auth.Principal;
import java.util.List;

/**
 * The body of {@code POST /rooms}, read from its bytes and the caller alone: any body gives a room to create or a
 * refusal with the error to answer, never another exception. A user token's caller is the owner; an admin token
 * names the owner in {@code "owner"}. {@code members} (optional, default none) are the first members besides the
 * owner, each once, in the order given; the owner listed among them is not counted twice. A title is 1 to
 * {@value #MAX_TITLE} characters once stripped, and valid Unicode; {@code history} is {@code shared} (the default)
 * or {@code joined}.
 */
public record NewRoom(String room, String title, String owner, List<String> members, String history) {
    public static final int MAX_BODY_BYTES = 64 * 1024;
    public static final int MAX_TITLE = 200;
    public static final String SHARED = "shared";
    public static final String JOINED = "joined";

    public static NewRoom parse(byte[] body, Principal caller, int maxMembers) throws Refused {
        JsonNode json = JsonBodies.object(body, MAX_BODY_BYTES);
        JsonNode room = json.get("room");
        JsonNode title = json.get("title");
        if (room == null || !room.isTextual() || title == null || !title.isTextual()) {
            throw new Refused(ErrorCode.BAD_REQUEST, "room and title are required strings");
        }
        if (!RoomIds.isValid(room.asText())) {
            throw new Refused(ErrorCode.INVALID_ROOM,
                    "a room id is 3-64 characters of a-z 0-9 _ . -, starting with a letter or digit");
        }
        String owner = owner(json.get("owner"), caller);
        List<String> members = json.has("members") ? JsonBodies.usernames(json.get("members"), "members")
                : List.of();
        members = members.stream().filter(member -> !member.equals(owner)).toList();
        if (members.size() + 1 > maxMembers) {
            throw new Refused(ErrorCode.ROOM_FULL, "a room has at most " + maxMembers + " members, the owner included");
        }
        return new NewRoom(room.asText(), JsonBodies.text(title.asText(), "title", MAX_TITLE), owner, members,
                history(json.get("history")));
    }

    private static String owner(JsonNode owner, Principal caller) throws Refused {
        if (!caller.admin()) {
            if (owner != null && !owner.isNull() && !caller.subject().equals(owner.asText())) {
                throw new Refused(ErrorCode.FORBIDDEN, "only an admin token names another owner");
            }
            return caller.subject();
        }
        if (owner == null || !owner.isTextual()) {
            throw new Refused(ErrorCode.BAD_REQUEST, "owner is a required string with an admin token");
        }
        if (!Usernames.isValid(owner.asText())) {
            throw new Refused(ErrorCode.BAD_REQUEST, "owner is not a valid username: " + owner.asText());
        }
        return owner.asText();
    }

    private static String history(JsonNode history) throws Refused {
        if (history == null || history.isNull()) {
            return SHARED;
        }
        if (!history.isTextual() || !(SHARED.equals(history.asText()) || JOINED.equals(history.asText()))) {
            throw new Refused(ErrorCode.BAD_REQUEST, "history is \"shared\" or \"joined\"");
        }
        return history.asText();
    }
}
