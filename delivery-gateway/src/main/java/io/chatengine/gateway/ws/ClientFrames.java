package io.chatengine.gateway.ws;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.chatengine.common.ErrorCode;
import io.chatengine.common.RoomIds;
import io.chatengine.common.Usernames;
import io.chatengine.common.http.HttpJson;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/** Parses and validates client frames (docs/protocol.md, "Client frames"). */
public final class ClientFrames {
    public static final int MAX_TEXT = 4_000;
    public static final int MAX_REF = 64;
    public static final int MAX_WATCHED = 1_000;
    /** Rooms one subscribe or unsubscribe frame may name. */
    public static final int MAX_ROOMS = 1_000;

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
            case "subscribe" -> subscribe(frame, ref);
            case "unsubscribe" -> unsubscribe(frame, ref);
            case "typing" -> typing(frame, ref);
            case "read" -> read(frame, ref);
            default -> throw new FrameError(ErrorCode.BAD_REQUEST, ref, "unknown frame type: " + clip(type.asText()));
        };
    }

    private static ClientFrame send(JsonNode frame, String ref) throws FrameError {
        if (given(frame, "room")) {
            if (given(frame, "to")) {
                throw new FrameError(ErrorCode.BAD_REQUEST, ref, "a send has 'to' or 'room', not both");
            }
            return new ClientFrame.RoomSend(room(frame, ref), text(frame, ref), ref);
        }
        JsonNode to = frame.get("to");
        if (to == null || !to.isTextual() || !Usernames.isValid(to.asText())) {
            throw new FrameError(ErrorCode.BAD_REQUEST, ref, "'to' must be a username");
        }
        return new ClientFrame.Send(to.asText(), text(frame, ref), ref);
    }

    private static String text(JsonNode frame, String ref) throws FrameError {
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
        return value;
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

    /** {@code {"rooms": {"team-a": 16, "ops": null}}}: each room with the seq the client holds, or null. */
    private static ClientFrame subscribe(JsonNode frame, String ref) throws FrameError {
        JsonNode rooms = frame.get("rooms");
        if (rooms == null || !rooms.isObject()) {
            throw new FrameError(ErrorCode.BAD_REQUEST, ref, "'rooms' must be an object of room ids to seqs or null");
        }
        if (rooms.size() > MAX_ROOMS) {
            throw new FrameError(ErrorCode.BAD_REQUEST, ref, "at most " + MAX_ROOMS + " rooms in one frame");
        }
        Map<String, Long> since = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> fields = rooms.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (!RoomIds.isValid(field.getKey())) {
                throw new FrameError(ErrorCode.BAD_REQUEST, ref, "not a room id: " + clip(field.getKey()));
            }
            JsonNode seq = field.getValue();
            if (!seq.isNull() && !isSeq(seq)) {
                throw new FrameError(ErrorCode.BAD_REQUEST, ref, "the seq of " + field.getKey()
                        + " must be a non-negative integer or null");
            }
            since.put(field.getKey(), seq.isNull() ? null : seq.asLong());
        }
        return new ClientFrame.Subscribe(Collections.unmodifiableMap(since), ref);
    }

    private static ClientFrame unsubscribe(JsonNode frame, String ref) throws FrameError {
        JsonNode rooms = frame.get("rooms");
        if (rooms == null || !rooms.isArray()) {
            throw new FrameError(ErrorCode.BAD_REQUEST, ref, "'rooms' must be a list of room ids");
        }
        if (rooms.size() > MAX_ROOMS) {
            throw new FrameError(ErrorCode.BAD_REQUEST, ref, "at most " + MAX_ROOMS + " rooms in one frame");
        }
        LinkedHashSet<String> ids = new LinkedHashSet<>();
        for (JsonNode room : rooms) {
            if (!room.isTextual() || !RoomIds.isValid(room.asText())) {
                throw new FrameError(ErrorCode.BAD_REQUEST, ref, "not a room id: " + clip(room.toString()));
            }
            ids.add(room.asText());
        }
        return new ClientFrame.Unsubscribe(List.copyOf(ids), ref);
    }

    private static ClientFrame typing(JsonNode frame, String ref) throws FrameError {
        boolean inRoom = given(frame, "room");
        if (inRoom == given(frame, "to")) {
            throw new FrameError(ErrorCode.BAD_REQUEST, ref, "typing has exactly one of 'room' and 'to'");
        }
        return inRoom ? new ClientFrame.Typing(room(frame, ref), null, ref)
                : new ClientFrame.Typing(null, username(frame, "to", ref), ref);
    }

    private static ClientFrame read(JsonNode frame, String ref) throws FrameError {
        boolean inRoom = given(frame, "room");
        if (inRoom == given(frame, "with")) {
            throw new FrameError(ErrorCode.BAD_REQUEST, ref, "read has exactly one of 'room' and 'with'");
        }
        JsonNode seq = frame.get("seq");
        if (seq == null || !isSeq(seq)) {
            throw new FrameError(ErrorCode.BAD_REQUEST, ref, "'seq' must be a non-negative integer");
        }
        return inRoom ? new ClientFrame.Read(room(frame, ref), null, seq.asLong(), ref)
                : new ClientFrame.Read(null, username(frame, "with", ref), seq.asLong(), ref);
    }

    /** Whether the frame has the field with a value other than null. */
    private static boolean given(JsonNode frame, String field) {
        JsonNode value = frame.get(field);
        return value != null && !value.isNull();
    }

    private static String room(JsonNode frame, String ref) throws FrameError {
        JsonNode room = frame.get("room");
        if (room == null || !room.isTextual() || !RoomIds.isValid(room.asText())) {
            throw new FrameError(ErrorCode.BAD_REQUEST, ref, "'room' must be a room id");
        }
        return room.asText();
    }

    private static String username(JsonNode frame, String field, String ref) throws FrameError {
        JsonNode user = frame.get(field);
        if (user == null || !user.isTextual() || !Usernames.isValid(user.asText())) {
            throw new FrameError(ErrorCode.BAD_REQUEST, ref, "'" + field + "' must be a username");
        }
        return user.asText();
    }

    /** A JSON integer from 0 to Long.MAX_VALUE (not 1.0, not 1e3, not beyond a long). */
    private static boolean isSeq(JsonNode seq) {
        return seq.isIntegralNumber() && seq.canConvertToLong() && seq.asLong() >= 0;
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
