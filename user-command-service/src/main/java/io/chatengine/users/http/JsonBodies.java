package io.chatengine.users.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatengine.common.ErrorCode;
import io.chatengine.common.Usernames;
import io.chatengine.common.http.HttpJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** What the room bodies share: a JSON object within a size, and lists of usernames. */
final class JsonBodies {
    private JsonBodies() {
    }

    static JsonNode object(byte[] body, int maxBytes) throws Refused {
        if (body.length > maxBytes) {
            throw new Refused(ErrorCode.TOO_LARGE, "the body is over " + maxBytes + " bytes");
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
        return json;
    }

    /** A name for people to read: 1 to {@code max} characters once stripped, and valid Unicode. */
    static String text(String raw, String field, int max) throws Refused {
        String text = raw.strip();
        if (text.isEmpty() || text.codePointCount(0, text.length()) > max) {
            throw new Refused(ErrorCode.BAD_REQUEST, field + " must be 1 to " + max + " characters");
        }
        if (!StandardCharsets.UTF_8.newEncoder().canEncode(text)) {
            // a lone surrogate, escaped in the JSON: stored, it would come back changed (as "?")
            throw new Refused(ErrorCode.BAD_REQUEST, field + " is not valid Unicode: it has a lone surrogate");
        }
        return text;
    }

    /** An array of valid usernames, each kept once in the order first given. */
    static List<String> usernames(JsonNode array, String field) throws Refused {
        if (array == null || !array.isArray()) {
            throw new Refused(ErrorCode.BAD_REQUEST, field + " must be an array of usernames");
        }
        Set<String> names = new LinkedHashSet<>();
        for (JsonNode name : array) {
            if (!name.isTextual() || !Usernames.isValid(name.asText())) {
                throw new Refused(ErrorCode.BAD_REQUEST, field + " holds something that is not a valid username: "
                        + abbreviated(name.toString()));
            }
            names.add(name.asText());
        }
        return List.copyOf(names);
    }

    private static String abbreviated(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "...";
    }
}
