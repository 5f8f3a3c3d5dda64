package io.chatengine.gateway.ws;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.chatengine.common.ErrorCode;
import io.chatengine.common.Usernames;
import io.chatengine.common.http.HttpJson;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/** Parses and validates client frames (docs/protocol.md, "Client frames"). */
public final class ClientFrames {
    public static final int MAX_TEXT = 4_000;
    public static final int MAX_REF = 64;
    public static final int MAX_WATCHED = 1_000;

    private ClientFrames() {
    }

    public static ClientFrame parse(String text) throws FrameError {
        JsonNode frame;
        try {
            frame = HttpJson.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new FrameError(ErrorCode.BAD_REQUEST, null, "the frame is not valid JSON");
        }
        if (frame == null || !frame.isObject()) {
            throw new FrameError(ErrorCode.BAD_REQUEST, null, "a frame is a JSON object");
        }
        String ref = ref(frame);
        JsonNode type = frame.get("type");
        if (type == null || !type.isTextual()) {
            throw new FrameError(ErrorCode.BAD_REQUEST, ref, "the frame has no type");
        }
        return switch (type.asText()) {
            case "send" -> send(frame, ref);
            case "watch" -> watch(frame, ref);
            case "refresh" -> refresh(frame, ref);
            default -> throw new FrameError(ErrorCode.BAD_REQUEST, ref, "unknown frame type: " + clip(type.asText()));
        };
    }

    private static ClientFrame send(JsonNode frame, String ref) throws FrameError {
        JsonNode to = frame.get("to");
        if (to == null || !to.isTextual() || !Usernames.isValid(to.asText())) {
            throw new FrameError(ErrorCode.BAD_REQUEST, ref, "'to' must be a username");
        }
        JsonNode text = frame.get("text");
        if (text == null || !text.isTextual()) {
            throw new FrameError(ErrorCode.BAD_REQUEST, ref, "'text' is required");
        }
        String value = text.asText();
        int length = value.codePointCount(0, value.length());
        if (length < 1 || length > MAX_TEXT) {
            throw new FrameError(ErrorCode.BAD_REQUEST, ref, "'text' must be 1 to " + MAX_TEXT + " characters");
        }
        if (!wellFormed(value)) {
            throw new FrameError(ErrorCode.BAD_REQUEST, ref, "'text' is not valid Unicode: it has a lone surrogate");
        }
        return new ClientFrame.Send(to.asText(), value, ref);
    }

    /**
     * Whether every surrogate is half of a pair. JSON allows escaping a lone one ({@code "\ud800"}), which no
     * encoding can carry: stored and sent on, it would reach the recipient changed (as {@code ?}).
     */
    static boolean wellFormed(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    private static ClientFrame watch(JsonNode frame, String ref) throws FrameError {
        JsonNode users = frame.get("users");
        if (users == null || !users.isArray()) {
            throw new FrameError(ErrorCode.BAD_REQUEST, ref, "'users' must be a list of usernames");
        }
        if (users.size() > MAX_WATCHED) {
            throw new FrameError(ErrorCode.BAD_REQUEST, ref, "at most " + MAX_WATCHED + " users can be watched");
        }
        LinkedHashSet<String> names = new LinkedHashSet<>();
        for (JsonNode user : users) {
            if (!user.isTextual() || !Usernames.isValid(user.asText())) {
                throw new FrameError(ErrorCode.BAD_REQUEST, ref, "not a username: " + clip(user.toString()));
            }
            names.add(user.asText());
        }
        return new ClientFrame.Watch(List.copyOf(new ArrayList<>(names)));
    }

    private static ClientFrame refresh(JsonNode frame, String ref) throws FrameError {
        JsonNode token = frame.get("token");
        if (token == null || !token.isTextual() || token.asText().isEmpty()) {
            throw new FrameError(ErrorCode.BAD_REQUEST, ref, "'token' is required");
        }
        return new ClientFrame.Refresh(token.asText(), ref);
    }

    private static String ref(JsonNode frame) throws FrameError {
        JsonNode ref = frame.get("ref");
        if (ref == null || ref.isNull()) {
            return null;
        }
        if (!ref.isTextual() || ref.asText().isEmpty() || ref.asText().codePointCount(0, ref.asText().length()) > MAX_REF) {
            throw new FrameError(ErrorCode.BAD_REQUEST, null, "'ref' must be 1 to " + MAX_REF + " characters");
        }
        return ref.asText();
    }

    private static String clip(String text) {
        return text.length() > 40 ? text.substring(0, 40) + "..." : text;
    }
}
