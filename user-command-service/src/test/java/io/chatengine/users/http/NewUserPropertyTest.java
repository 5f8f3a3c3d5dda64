package io.chatengine.users.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chatengine.common.ErrorCode;
import io.chatengine.common.Usernames;
import io.chatengine.common.http.HttpJson;
import io.chatengine.testsupport.Generate;
import io.chatengine.testsupport.Seeds;
import io.chatengine.testsupport.fuzz.Mutations;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Any body of {@code POST /users} gives a user to create or a 400/413 refusal with a documented code, never
 * another exception (which would be a 500); a valid body gives back what it holds. Seeded: a failure names the
 * seed that replays it ({@code -Dproperty.seed=N}).
 */
class NewUserPropertyTest {
    private static final Set<ErrorCode> REFUSALS = Set.of(ErrorCode.BAD_REQUEST, ErrorCode.INVALID_USERNAME,
            ErrorCode.TOO_LARGE);

    @Test
    void anyBytesAreAUserOrARefusal() {
        Seeds.forAll(2_000, random -> assertUserOrRefusal(Generate.bytes(random, 255)));
    }

    @Test
    void anyTextIsAUserOrARefusal() {
        Seeds.forAll(2_000, random -> assertUserOrRefusal(Generate.anyString(random).getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void mutatedRequestBodiesAreUsersOrRefusals() {
        Seeds.forAll(3_000, random -> {
            Mutations mutations = new Mutations(random.nextLong());
            for (int i = 0; i < 5; i++) {
                byte[] body = mutations.request("a.b.c").body();
                assertUserOrRefusal(body == null ? new byte[0] : body);
            }
        });
    }

    @Test
    void aBodyOverTheLimitIsTooLarge() {
        Seeds.forAll(200, random -> {
            int extra = random.nextInt(10) == 0 ? 0 : random.nextInt(0, 40_001);
            byte[] body = ("{\"username\":\"alice\",\"displayName\":\"" + "x".repeat(NewUser.MAX_BODY_BYTES + extra)
                    + "\"}").getBytes(StandardCharsets.UTF_8);
            assertEquals(ErrorCode.TOO_LARGE, refusal(body));
        });
    }

    @Test
    void aValidBodyGivesWhatItHolds() {
        Seeds.forAll(1_000, random -> {
            String username = username(random);
            String displayName = displayName(random);
            ObjectNode body = HttpJson.MAPPER.createObjectNode().put("username", username)
                    .put("displayName", displayName);
            assertEquals(new NewUser(username, displayName.strip()),
                    NewUser.parse(body.toString().getBytes(StandardCharsets.UTF_8)));
        });
    }

    @Test
    void aDisplayNameWithALoneSurrogateIsRefused() {
        Seeds.forAll(200, random -> {
            String username = username(random);
            char surrogate = (char) random.nextInt(Character.MIN_SURROGATE, Character.MAX_SURROGATE + 1);
            byte[] body = ("{\"username\":\"" + username + "\",\"displayName\":\"Al\\u" + Integer.toHexString(surrogate)
                    + "ice\"}").getBytes(StandardCharsets.UTF_8);
            assertEquals(ErrorCode.BAD_REQUEST, refusal(body));
        });
    }

    /** A display name with something besides white space (U+3000 alone is blank): drawn until one is. */
    private static String displayName(SplittableRandom random) {
        while (true) {
            String displayName = Generate.string(random, '!', '\uD7FF', 1, NewUser.MAX_DISPLAY_NAME);
            if (!displayName.isBlank()) {
                return displayName;
            }
        }
    }

    /** A valid username: drawn from the username alphabet until one is valid. */
    private static String username(SplittableRandom random) {
        while (true) {
            String username = Generate.string(random, "abcdefghijklmnopqrstuvwxyz0123456789_.-", 3, 32);
            if (Usernames.isValid(username)) {
                return username;
            }
        }
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
