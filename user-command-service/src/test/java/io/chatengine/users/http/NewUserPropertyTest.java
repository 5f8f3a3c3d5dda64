package io.chatengine.users.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chatengine.common.ErrorCode;
import io.chatengine.common.Usernames;
import io.chatengine.common.http.HttpJson;
import io.chatengine.testsupport.fuzz.Mutations;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Any body of {@code POST /users} gives a user to create or a 400/413 refusal with a documented code, never
 * another exception (which would be a 500); a valid body gives back what it holds.
 */
class NewUserPropertyTest {
    private static final Set<ErrorCode> REFUSALS = Set.of(ErrorCode.BAD_REQUEST, ErrorCode.INVALID_USERNAME,
            ErrorCode.TOO_LARGE);

    @Property(tries = 2_000)
    void anyBytesAreAUserOrARefusal(@ForAll byte[] body) {
        assertUserOrRefusal(body);
    }

    @Property(tries = 2_000)
    void anyTextIsAUserOrARefusal(@ForAll String body) {
        assertUserOrRefusal(body.getBytes(StandardCharsets.UTF_8));
    }

    @Property(tries = 3_000)
    void mutatedRequestBodiesAreUsersOrRefusals(@ForAll long seed) {
        Mutations mutations = new Mutations(seed);
        for (int i = 0; i < 5; i++) {
            byte[] body = mutations.request("a.b.c").body();
            assertUserOrRefusal(body == null ? new byte[0] : body);
        }
    }

    @Property(tries = 200)
    void aBodyOverTheLimitIsTooLarge(@ForAll("padding") int extra) {
        byte[] body = ("{\"username\":\"alice\",\"displayName\":\"" + "x".repeat(NewUser.MAX_BODY_BYTES + extra) + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        assertEquals(ErrorCode.TOO_LARGE, refusal(body));
    }

    @Property(tries = 1_000)
    void aValidBodyGivesWhatItHolds(@ForAll("usernames") String username, @ForAll("names") String displayName)
            throws Refused {
        ObjectNode body = HttpJson.MAPPER.createObjectNode().put("username", username).put("displayName", displayName);
        assertEquals(new NewUser(username, displayName.strip()), NewUser.parse(body.toString().getBytes(StandardCharsets.UTF_8)));
    }

    @Property(tries = 200)
    void aDisplayNameWithALoneSurrogateIsRefused(@ForAll("usernames") String username,
                                                 @ForAll("surrogates") char surrogate) {
        byte[] body = ("{\"username\":\"" + username + "\",\"displayName\":\"Al\\u" + Integer.toHexString(surrogate)
                + "ice\"}").getBytes(StandardCharsets.UTF_8);
        assertEquals(ErrorCode.BAD_REQUEST, refusal(body));
    }

    @Provide
    Arbitrary<Character> surrogates() {
        return Arbitraries.chars().range(Character.MIN_SURROGATE, Character.MAX_SURROGATE);
    }

    @Provide
    Arbitrary<Integer> padding() {
        return Arbitraries.integers().between(0, 40_000);
    }

    @Provide
    Arbitrary<String> usernames() {
        return Arbitraries.strings().withChars("abcdefghijklmnopqrstuvwxyz0123456789_.-").ofMinLength(3).ofMaxLength(32)
                .filter(Usernames::isValid);
    }

    @Provide
    Arbitrary<String> names() {
        return Arbitraries.strings().withCharRange('!', '\uD7FF').ofMinLength(1).ofMaxLength(NewUser.MAX_DISPLAY_NAME);
    }

    private static void assertUserOrRefusal(byte[] body) {
        try {
            NewUser user = NewUser.parse(body);
            assertTrue(Usernames.isValid(user.username()), user.toString());
            assertTrue(!user.displayName().isBlank() && user.displayName().codePointCount(0,
                    user.displayName().length()) <= NewUser.MAX_DISPLAY_NAME, user.toString());
            assertTrue(StandardCharsets.UTF_8.newEncoder().canEncode(user.displayName()), user.toString());
        } catch (Refused refused) {
            assertTrue(REFUSALS.contains(refused.code()), refused.code().toString());
            assertTrue(refused.code().status() == 400 || refused.code().status() == 413);
        }
    }

    private static ErrorCode refusal(byte[] body) {
        try {
            return fail(NewUser.parse(body));
        } catch (Refused refused) {
            return refused.code();
        }
    }

    private static ErrorCode fail(NewUser user) {
        throw new AssertionError("accepted: " + user);
    }
}
