package io.chatengine.gateway.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chatengine.common.ErrorCode;
import io.chatengine.common.RoomIds;
import io.chatengine.common.Usernames;
import io.chatengine.common.http.HttpJson;
import io.chatengine.testsupport.fuzz.Mutations;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Whatever a client sends, parsing gives a valid frame or a {@link FrameError} with a code docs/protocol.md lists,
 * never another exception; a valid frame, rendered as a client would, parses back to itself.
 */
class ClientFramesPropertyTest {
    /** The codes of error frames in docs/protocol.md; parsing alone can only say bad_request. */
    private static final Set<ErrorCode> DOCUMENTED = Set.of(ErrorCode.BAD_REQUEST, ErrorCode.UNKNOWN_RECIPIENT,
            ErrorCode.TOO_LARGE, ErrorCode.RATE_LIMITED, ErrorCode.FORBIDDEN, ErrorCode.UNAVAILABLE);

    @Property(tries = 2_000)
    void anyStringIsAFrameOrADocumentedError(@ForAll String text) {
        assertFrameOrDocumentedError(text);
    }

    @Property(tries = 5_000)
    void mutatedFramesAreFramesOrDocumentedErrors(@ForAll long seed) {
        Mutations mutations = new Mutations(seed);
        for (int i = 0; i < 5; i++) {
            assertFrameOrDocumentedError(mutations.frame().text());
        }
    }

    @Property(tries = 1_000)
    void jsonOfAnyShapeIsAFrameOrADocumentedError(@ForAll("objects") String json) {
        assertFrameOrDocumentedError(json);
    }

    @Property(tries = 1_000)
    void aValidSendRoundTrips(@ForAll("sends") ClientFrame.Send send) throws FrameError {
        ObjectNode json = HttpJson.MAPPER.createObjectNode().put("type", "send").put("to", send.to())
                .put("text", send.text());
        if (send.ref() != null) {
            json.put("ref", send.ref());
        }
        assertEquals(send, ClientFrames.parse(json.toString()));
    }

    @Property(tries = 500)
    void aValidWatchRoundTripsWithoutDuplicates(@ForAll("watchLists") List<String> users) throws FrameError {
        ObjectNode json = HttpJson.MAPPER.createObjectNode().put("type", "watch");
        ArrayNode list = json.putArray("users");
        users.forEach(list::add);
        assertEquals(new ClientFrame.Watch(List.copyOf(new LinkedHashSet<>(users))), ClientFrames.parse(json.toString()));
    }

    @Provide
    Arbitrary<String> usernames() {
        return Combinators.combine(Arbitraries.strings().withChars("abcdefghijklmnopqrstuvwxyz0123456789").ofLength(1),
                Arbitraries.strings().withChars("abcdefghijklmnopqrstuvwxyz0123456789_.-").ofMinLength(2).ofMaxLength(31))
                .as(String::concat);
    }

    @Provide
    Arbitrary<List<String>> watchLists() {
        return Arbitraries.oneOf(usernames().list().ofMaxSize(20),
                usernames().list().ofMaxSize(ClientFrames.MAX_WATCHED));
    }

    @Provide
    Arbitrary<ClientFrame.Send> sends() {
        Arbitrary<String> text = Arbitraries.oneOf(unicode(ClientFrames.MAX_TEXT),
                Arbitraries.integers().between(1, ClientFrames.MAX_TEXT).map("\uD83D\uDE00"::repeat));
        Arbitrary<String> ref = unicode(ClientFrames.MAX_REF).injectNull(0.2);
        return Combinators.combine(usernames(), text, ref).as(ClientFrame.Send::new);
    }

    /** Text of 1 to {@code max} characters from anywhere in the Basic Multilingual Plane but the surrogates. */
    private static Arbitrary<String> unicode(int max) {
        return Arbitraries.strings().withCharRange('\u0000', '\uD7FF').withCharRange('\uE000', '\uFFFF')
                .ofMinLength(1).ofMaxLength(max);
    }

    /** JSON objects with the documented field names holding values of any type. */
    @Provide
    Arbitrary<String> objects() {
        Arbitrary<String> value = Arbitraries.oneOf(Arbitraries.strings().map(HttpJson.MAPPER.getNodeFactory()::textNode)
                        .map(Object::toString),
                Arbitraries.longs().map(Object::toString), Arbitraries.doubles().map(Object::toString),
                Arbitraries.of("null", "true", "[]", "{}", "[\"bob\"]", "\"send\"", "\"watch\"", "1e999",
                        "\"subscribe\"", "\"unsubscribe\"", "\"typing\"", "\"read\"", "\"team-a\"", "-1", "0", "1.0",
                        "{\"team-a\":16,\"ops\":null}", "{\"team-a\":-1}", "[\"team-a\",\"ops\"]"));
        Arbitrary<String> field = Combinators.combine(Arbitraries.of("type", "to", "text", "ref", "users", "token",
                        "room", "rooms", "with", "seq"), value)
                .as((name, v) -> "\"" + name + "\":" + v);
        return field.list().ofMaxSize(6).map(fields -> "{" + String.join(",", fields) + "}");
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
