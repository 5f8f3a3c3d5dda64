package io.chatengine.gateway.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chatengine.common.ErrorCode;
import io.chatengine.common.RoomIds;
import io.chatengine.common.Usernames;
import io.chatengine.common.http.HttpJson;
import io.chatengine.testsupport.Generate;
import io.chatengine.testsupport.Seeds;
import io.chatengine.testsupport.fuzz.Mutations;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Whatever a client sends, parsing gives a valid frame or a {@link FrameError} with a code docs/protocol.md lists,
 * never another exception; a valid frame, rendered as a client would, parses back to itself. Seeded: a failure
 * names the seed that replays it ({@code -Dproperty.seed=N}).
 */
class ClientFramesPropertyTest {
    /** The codes of error frames in docs/protocol.md; parsing alone can only say bad_request. */
    private static final Set<ErrorCode> DOCUMENTED = Set.of(ErrorCode.BAD_REQUEST, ErrorCode.UNKNOWN_RECIPIENT,
            ErrorCode.TOO_LARGE, ErrorCode.RATE_LIMITED, ErrorCode.FORBIDDEN, ErrorCode.UNAVAILABLE);

    @Test
    void anyStringIsAFrameOrADocumentedError() {
        Seeds.forAll(2_000, random -> assertFrameOrDocumentedError(Generate.anyString(random)));
    }

    @Test
    void mutatedFramesAreFramesOrDocumentedErrors() {
        Seeds.forAll(5_000, random -> {
            Mutations mutations = new Mutations(random.nextLong());
            for (int i = 0; i < 5; i++) {
                assertFrameOrDocumentedError(mutations.frame().text());
            }
        });
    }

    @Test
    void jsonOfAnyShapeIsAFrameOrADocumentedError() {
        Seeds.forAll(1_000, random -> assertFrameOrDocumentedError(object(random)));
    }

    @Test
    void aValidSendRoundTrips() {
        Seeds.forAll(1_000, random -> {
            ClientFrame.Send send = send(random);
            ObjectNode json = HttpJson.MAPPER.createObjectNode().put("type", "send").put("to", send.to())
                    .put("text", send.text());
            if (send.ref() != null) {
                json.put("ref", send.ref());
            }
            assertEquals(send, ClientFrames.parse(json.toString()));
        });
    }

    @Test
    void aValidWatchRoundTripsWithoutDuplicates() {
        Seeds.forAll(500, random -> {
            List<String> users = watchList(random);
            ObjectNode json = HttpJson.MAPPER.createObjectNode().put("type", "watch");
            ArrayNode list = json.putArray("users");
            users.forEach(list::add);
            assertEquals(new ClientFrame.Watch(List.copyOf(new LinkedHashSet<>(users))),
                    ClientFrames.parse(json.toString()));
        });
    }

    private static String username(SplittableRandom random) {
        return Generate.string(random, "abcdefghijklmnopqrstuvwxyz0123456789", 1, 1)
                + Generate.string(random, "abcdefghijklmnopqrstuvwxyz0123456789_.-", 2, 31);
    }

    /** Short lists, or lists up to the most a client may watch. */
    private static List<String> watchList(SplittableRandom random) {
        return Generate.list(random, random.nextBoolean() ? 20 : ClientFrames.MAX_WATCHED,
                ClientFramesPropertyTest::username);
    }

    private static ClientFrame.Send send(SplittableRandom random) {
        String to = username(random);
        String text = random.nextBoolean() ? unicode(random, ClientFrames.MAX_TEXT)
                : "\uD83D\uDE00".repeat(random.nextInt(1, ClientFrames.MAX_TEXT + 1));
        String ref = random.nextInt(5) == 0 ? null : unicode(random, ClientFrames.MAX_REF);
        return new ClientFrame.Send(to, text, ref);
    }

    /** Text of 1 to {@code max} characters from anywhere in the Basic Multilingual Plane but the surrogates. */
    private static String unicode(SplittableRandom random, int max) {
        String text = Generate.string(random, '\u0000', '\uFFFF', 1, max);
        StringBuilder clean = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            clean.append(Character.isSurrogate(c) ? (char) random.nextInt('\uE000', '\uFFFF' + 1) : c);
        }
        return clean.toString();
    }

    /** JSON objects with the documented field names holding values of any type. */
    private static String object(SplittableRandom random) {
        List<String> fields = Generate.list(random, 6, r -> "\"" + Generate.pick(r, "type", "to", "text", "ref",
                "users", "token", "room", "rooms", "with", "seq") + "\":" + value(r));
        return "{" + String.join(",", fields) + "}";
    }

    private static String value(SplittableRandom random) {
        return switch (random.nextInt(4)) {
            case 0 -> HttpJson.MAPPER.getNodeFactory().textNode(Generate.anyString(random)).toString();
            case 1 -> Long.toString(random.nextLong());
            case 2 -> Double.toString(Generate.pick(random, random.nextDouble(), -random.nextDouble() * 1e300,
                    Double.longBitsToDouble(random.nextLong()), Double.MAX_VALUE, Double.MIN_VALUE, -0.0));
            default -> Generate.pick(random, "null", "true", "[]", "{}", "[\"bob\"]", "\"send\"", "\"watch\"",
                    "1e999", "\"subscribe\"", "\"unsubscribe\"", "\"typing\"", "\"read\"", "\"team-a\"", "-1",
                    "0", "1.0", "{\"team-a\":16,\"ops\":null}", "{\"team-a\":-1}", "[\"team-a\",\"ops\"]");
        };
    }

    private static void assertFrameOrDocumentedError(String text) {
        try {
            ClientFrame frame = ClientFrames.parse(text);
            if (frame instanceof ClientFrame.Send send) {
                assertEquals(true, Usernames.isValid(send.to()), send.toString());
                assertEquals(true, ClientFrames.wellFormed(send.text()), send.toString());
            } else if (frame instanceof ClientFrame.RoomSend send) {
                assertEquals(true, RoomIds.isValid(send.room()), send.toString());
                assertEquals(true, ClientFrames.wellFormed(send.text()), send.toString());
            } else if (frame instanceof ClientFrame.Subscribe subscribe) {
                subscribe.rooms().forEach((room, seq) -> assertEquals(true, RoomIds.isValid(room)
                        && (seq == null || seq >= 0), subscribe.toString()));
            } else if (frame instanceof ClientFrame.Typing typing) {
                assertEquals(true, typing.room() == null ? Usernames.isValid(typing.to())
                        : typing.to() == null && RoomIds.isValid(typing.room()), typing.toString());
            } else if (frame instanceof ClientFrame.Read read) {
                assertEquals(true, read.seq() >= 0 && (read.room() == null ? Usernames.isValid(read.with())
                        : read.with() == null && RoomIds.isValid(read.room())), read.toString());
            }
        } catch (FrameError error) {
            assertEquals(true, DOCUMENTED.contains(error.code()), error.code() + " for " + text);
        }
    }
}
