package io.chatengine.users.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatengine.common.ErrorCode;
import io.chatengine.common.Usernames;

/**
 * The body of {@code POST /users}, read from its bytes alone: any body gives a user to create or a refusal with the
 * error to answer ({@code bad_request}, {@code invalid_username}, {@code too_large}), never another exception. A
 * display name is 1 to {@value #MAX_DISPLAY_NAME} characters once stripped, and valid Unicode.
 */
public record NewUser(String username, String displayName) {
    public static final int MAX_BODY_BYTES = 16 * 1024;
    public static final int MAX_DISPLAY_NAME = 100;

    public static NewUser parse(byte[] body) throws Refused {
        JsonNode json = JsonBodies.object(body, MAX_BODY_BYTES);
        JsonNode username = json.get("username");
        JsonNode displayName = json.get("displayName");
        if (username == null || !username.isTextual() || displayName == null || !displayName.isTextual()) {
            throw new Refused(ErrorCode.BAD_REQUEST, "username and displayName are required strings");
        }
        if (!Usernames.isValid(username.asText())) {
            throw new Refused(ErrorCode.INVALID_USERNAME,
                    "a username is 3-32 characters of a-z 0-9 _ . -, starting with a letter or digit");
        }
        return new NewUser(username.asText(),
                JsonBodies.text(displayName.asText(), "displayName", MAX_DISPLAY_NAME));
    }
}
