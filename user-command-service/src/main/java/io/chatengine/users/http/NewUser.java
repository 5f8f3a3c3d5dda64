package io.chatengine.users.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatengine.common.ErrorCode;
import io.chatengine.common.Usernames;
import io.chatengine.common.http.HttpJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The body of {@code POST /users}, read from its bytes alone: any body gives a user to create or a refusal with the
 * error to answer ({@code bad_request}, {@code invalid_username}, {@code too_large}), never another exception. A
 * display name is 1 to {@value #MAX_DISPLAY_NAME} characters once stripped, and valid Unicode.
 */
public record NewUser(String username, String displayName) {
    public static final int MAX_BODY_BYTES = 16 * 1024;
    public static final int MAX_DISPLAY_NAME = 100;

    /** A body that creates nothing, and what to answer. */
    public static final class Refused extends Exception {
        private final ErrorCode code;

        Refused(ErrorCode code, String message) {
            super(message, null, false, false);
            this.code = code;
        }

        public ErrorCode code() {
            return code;
        }
    }

    public static NewUser parse(byte[] body) throws Refused {
        if (body.length > MAX_BODY_BYTES) {
            throw new Refused(ErrorCode.TOO_LARGE, "the body is over " + MAX_BODY_BYTES + " bytes");
        }
        JsonNode json;
        try {
            json = HttpJson.MAPPER.readTree(body);
        } catch (IOException e) {
            throw new Refused(ErrorCode.BAD_REQUEST, "the body is not valid JSON");
        }
        if (json == null || !json.isObject()) {
            throw new Refused(ErrorCode.BAD_REQUEST, "the body must be a JSON object");
        }
        JsonNode username = json.get("username");
        JsonNode displayName = json.get("displayName");
        if (username == null || !username.isTextual() || displayName == null || !displayName.isTextual()) {
            throw new Refused(ErrorCode.BAD_REQUEST, "username and displayName are required strings");
        }
        if (!Usernames.isValid(username.asText())) {
            throw new Refused(ErrorCode.INVALID_USERNAME,
                    "a username is 3-32 characters of a-z 0-9 _ . -, starting with a letter or digit");
        }
        String name = displayName.asText().strip();
        if (name.isEmpty() || name.codePointCount(0, name.length()) > MAX_DISPLAY_NAME) {
            throw new Refused(ErrorCode.BAD_REQUEST, "displayName must be 1 to " + MAX_DISPLAY_NAME + " characters");
        }
        if (!StandardCharsets.UTF_8.newEncoder().canEncode(name)) {
            // a lone surrogate, escaped in the JSON: stored, it would come back changed (as "?")
            throw new Refused(ErrorCode.BAD_REQUEST, "displayName is not valid Unicode: it has a lone surrogate");
        }
        return new NewUser(username.asText(), name);
    }
}
