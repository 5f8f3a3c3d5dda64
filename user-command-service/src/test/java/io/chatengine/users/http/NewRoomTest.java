package io.chatengine.users.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chatengine.common.ErrorCode;
import io.chatengine.common.RoomIds;
import io.chatengine.common.Usernames;
import io.chatengine.common.auth.Principal;
import io.chatengine.testsupport.Generate;
import io.chatengine.testsupport.Seeds;
import io.chatengine.testsupport.fuzz.Mutations;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The bodies of {@code POST /rooms} and {@code POST /rooms/{room}/members}: what each gives or is refused with. */
class NewRoomTest {
    private static final Principal ALICE = new Principal("alice", false, Long.MAX_VALUE);
    private static final Principal ADMIN = new Principal("ops", true, Long.MAX_VALUE);
    private static final int MAX = 4;
    private static final Set<ErrorCode> REFUSALS = Set.of(ErrorCode.BAD_REQUEST, ErrorCode.INVALID_ROOM,
            ErrorCode.TOO_LARGE, ErrorCode.ROOM_FULL, ErrorCode.FORBIDDEN);

    @Test
    void aUserTokensCallerOwnsTheRoomWithSharedHistoryByDefault() throws Refused {
        NewRoom room = parse("{\"room\":\"team-a\",\"title\":\" Team A \",\"members\":[\"bob\",\"carol\"]}", ALICE);
        assertEquals(new NewRoom("team-a", "Team A", "alice", List.of("bob", "carol"), "shared"), room);
    }

    @Test
    void membersAreOptionalAndListedOnceWithoutTheOwner() throws Refused {
        assertEquals(List.of(), parse("{\"room\":\"team-a\",\"title\":\"T\"}", ALICE).members());
        assertEquals(List.of("bob", "carol"), parse("{\"room\":\"team-a\",\"title\":\"T\",\"history\":\"joined\","
                + "\"members\":[\"bob\",\"alice\",\"carol\",\"bob\"]}", ALICE).members());
    }

    @Test
    void anAdminTokenNamesTheOwner() throws Refused {
        assertEquals("carol", parse("{\"room\":\"team-a\",\"title\":\"T\",\"owner\":\"carol\"}", ADMIN).owner());
        assertEquals(ErrorCode.BAD_REQUEST, refusal("{\"room\":\"team-a\",\"title\":\"T\"}", ADMIN));
        assertEquals(ErrorCode.BAD_REQUEST, refusal("{\"room\":\"team-a\",\"title\":\"T\",\"owner\":\"No!\"}", ADMIN));
    }

    @Test
    void aUserTokenCannotNameAnotherOwner() throws Refused {
        assertEquals("alice", parse("{\"room\":\"team-a\",\"title\":\"T\",\"owner\":\"alice\"}", ALICE).owner());
        assertEquals(ErrorCode.FORBIDDEN, refusal("{\"room\":\"team-a\",\"title\":\"T\",\"owner\":\"bob\"}", ALICE));
    }

    @Test
    void aBadRoomIdIsInvalidRoom() {
        assertEquals(ErrorCode.INVALID_ROOM, refusal("{\"room\":\"Team A\",\"title\":\"T\"}", ALICE));
        assertEquals(ErrorCode.INVALID_ROOM, refusal("{\"room\":\"ab\",\"title\":\"T\"}", ALICE));
        assertEquals(ErrorCode.INVALID_ROOM, refusal("{\"room\":\"" + "r".repeat(65) + "\",\"title\":\"T\"}", ALICE));
    }

    @Test
    void malformedBodiesAndMissingOrWrongFieldsAreBadRequests() {
        for (String body : List.of("{not json", "[1]", "null", "{}", "{\"room\":\"team-a\"}",
                "{\"title\":\"T\"}", "{\"room\":5,\"title\":\"T\"}", "{\"room\":\"team-a\",\"title\":\"  \"}",
                "{\"room\":\"team-a\",\"title\":\"" + "t".repeat(201) + "\"}",
                "{\"room\":\"team-a\",\"title\":\"A\\ud800\"}",
                "{\"room\":\"team-a\",\"title\":\"T\",\"members\":\"bob\"}",
                "{\"room\":\"team-a\",\"title\":\"T\",\"members\":[\"Bob!\"]}",
                "{\"room\":\"team-a\",\"title\":\"T\",\"members\":[7]}",
                "{\"room\":\"team-a\",\"title\":\"T\",\"history\":\"all\"}")) {
            assertEquals(ErrorCode.BAD_REQUEST, refusal(body, ALICE), body);
        }
    }

    @Test
    void aTitleOfTwoHundredCharactersIsAccepted() throws Refused {
        String title = "\uD83D\uDE00".repeat(NewRoom.MAX_TITLE);
        assertEquals(title, parse("{\"room\":\"team-a\",\"title\":\"" + title + "\"}", ALICE).title());
    }

    @Test
    void moreMembersThanARoomHoldsIsRoomFull() throws Refused {
        parse("{\"room\":\"team-a\",\"title\":\"T\",\"members\":[\"bob\",\"carol\",\"dave\"]}", ALICE);
        assertEquals(ErrorCode.ROOM_FULL, refusal("{\"room\":\"team-a\",\"title\":\"T\",\"members\":"
                + "[\"bob\",\"carol\",\"dave\",\"erin\"]}", ALICE), "the owner counts");
    }

    @Test
    void aBodyOverSixtyFourKibIsTooLarge() {
        String body = "{\"room\":\"team-a\",\"title\":\"T\",\"x\":\"" + "x".repeat(NewRoom.MAX_BODY_BYTES) + "\"}";
        assertEquals(ErrorCode.TOO_LARGE, refusal(body, ALICE));
    }

    @Test
    void membersToAddAreValidUsernamesEachOnce() throws Refused {
        assertEquals(List.of("dave", "erin"), NewMembers.parse(bytes("{\"users\":[\"dave\",\"erin\",\"dave\"]}"), MAX)
                .users());
        for (String body : List.of("{}", "{\"users\":[]}", "{\"users\":\"dave\"}", "{\"users\":[\"D\"]}", "[]", "{")) {
            Refused refused = assertThrows(Refused.class, () -> NewMembers.parse(bytes(body), MAX), body);
            assertEquals(ErrorCode.BAD_REQUEST, refused.code(), body);
        }
        Refused full = assertThrows(Refused.class, () -> NewMembers.parse(
                bytes("{\"users\":[\"aaa\",\"bbb\",\"ccc\",\"ddd\",\"eee\"]}"), MAX));
        assertEquals(ErrorCode.ROOM_FULL, full.code());
    }

    @Test
    void anyBytesAreARoomOrARefusal() {
        Seeds.forAll(2_000, random -> assertRoomOrRefusal(Generate.bytes(random, 255)));
    }

    @Test
    void mutatedRequestBodiesAreRoomsOrRefusals() {
        Seeds.forAll(2_000, random -> {
            Mutations mutations = new Mutations(random.nextLong());
            for (int i = 0; i < 5; i++) {
                byte[] body = mutations.request("a.b.c").body();
                assertRoomOrRefusal(body == null ? new byte[0] : body);
            }
        });
    }

    private static void assertRoomOrRefusal(byte[] body) {
        for (Principal caller : List.of(ALICE, ADMIN)) {
            try {
                NewRoom room = NewRoom.parse(body, caller, MAX);
                assertTrue(RoomIds.isValid(room.room()) && Usernames.isValid(room.owner()), room.toString());
                assertTrue(room.members().size() < MAX && !room.members().contains(room.owner()), room.toString());
            } catch (Refused refused) {
                assertTrue(REFUSALS.contains(refused.code()), refused.code().toString());
            }
            try {
                assertTrue(NewMembers.parse(body, MAX).users().stream().allMatch(Usernames::isValid));
            } catch (Refused refused) {
                assertTrue(REFUSALS.contains(refused.code()), refused.code().toString());
            }
        }
    }

    private static NewRoom parse(String body, Principal caller) throws Refused {
        return NewRoom.parse(bytes(body), caller, MAX);
    }

    private static ErrorCode refusal(String body, Principal caller) {
        return assertThrows(Refused.class, () -> parse(body, caller), body).code();
    }

    private static byte[] bytes(String body) {
        return body.getBytes(StandardCharsets.UTF_8);
    }
}
