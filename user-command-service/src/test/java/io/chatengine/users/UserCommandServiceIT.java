package io.chatengine.users;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chatengine.common.auth.JwtSettings;
import io.chatengine.common.config.ConfigException;
import io.chatengine.common.config.Env;
import io.chatengine.common.http.AllowedOrigins;
import io.chatengine.common.config.ServiceSettings;
import io.chatengine.common.http.HttpSettings;
import io.chatengine.testsupport.HttpCalls;
import io.chatengine.testsupport.KafkaBroker;
import io.chatengine.testsupport.Tokens;
import io.chatengine.users.config.RoomLimits;
import io.chatengine.users.config.UsersConfig;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The REST API against a real broker, with two instances deciding the same usernames. */
class UserCommandServiceIT {
    private static UserCommandService first;
    private static UserCommandService second;

    @BeforeAll
    static void start() {
        first = start("users-a-" + UUID.randomUUID().toString().substring(0, 6));
        second = start("users-b-" + UUID.randomUUID().toString().substring(0, 6));
        io.chatengine.testsupport.Await.until(Duration.ofSeconds(60), "both instances ready",
                () -> ready(first) && ready(second));
    }

    @AfterAll
    static void stop() {
        first.stop();
        second.stop();
    }

    @Test
    void createsAUser() {
        String name = unique("alice");
        HttpResponse<String> response = post(first, body(name, "Alice"), Tokens.admin());
        assertEquals(201, response.statusCode(), response.body());
        assertEquals("/users/" + name, response.headers().firstValue("Location").orElseThrow());
        assertTrue(response.body().contains("\"createdAt\":\"20"), response.body());
    }

    @Test
    void twoInstancesReceivingTheSameUsernamesAtOnceCreateEachExactlyOnce() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<String> names = new ArrayList<>();
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                String name = unique("race" + i);
                names.add(name);
                for (UserCommandService instance : List.of(first, second, first, second)) {
                    answers.add(pool.submit(() -> post(instance, body(name, "Racer"), Tokens.admin()).statusCode()));
                }
            }
            for (int i = 0; i < names.size(); i++) {
                int created = 0;
                int taken = 0;
                for (int j = 0; j < 4; j++) {
                    int status = answers.get(4 * i + j).get();
                    created += status == 201 ? 1 : 0;
                    taken += status == 409 ? 1 : 0;
                }
                assertEquals(1, created, names.get(i) + ": exactly one 201");
                assertEquals(3, taken, names.get(i) + ": the rest 409");
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aRetryWithTheSameIdempotencyKeyGetsTheSameAnswer() {
        String name = unique("bob");
        HttpResponse<String> created = post(first, body(name, "Bob"), Tokens.admin(), "Idempotency-Key", "k-" + name);
        HttpResponse<String> retried = post(second, body(name, "Bob"), Tokens.admin(), "Idempotency-Key", "k-" + name);
        assertEquals(201, created.statusCode());
        assertEquals(201, retried.statusCode(), "never a 409 for its own success");
        assertEquals(created.body(), retried.body());
        assertEquals(409, post(first, body(name, "Bob"), Tokens.admin()).statusCode());
        HttpResponse<String> reused = post(first, body(name, "Robert"), Tokens.admin(), "Idempotency-Key", "k-" + name);
        assertEquals(422, reused.statusCode(), reused.body());
    }

    @Test
    void badInputGetsItsStatusAndCodeAndChangesNothing() {
        String name = unique("carol");
        assertError(post(first, "{not json", Tokens.admin()), 400, "bad_request");
        assertError(post(first, "[1]", Tokens.admin()), 400, "bad_request");
        assertError(post(first, "{\"username\":\"" + name + "\"}", Tokens.admin()), 400, "bad_request");
        assertError(post(first, body("Not Valid!", "X"), Tokens.admin()), 400, "invalid_username");
        assertError(post(first, body("ab", "X"), Tokens.admin()), 400, "invalid_username");
        String huge = "{\"username\":\"" + name + "\",\"displayName\":\"" + "x".repeat(17_000) + "\"}";
        assertError(post(first, huge, Tokens.admin()), 413, "too_large");
        assertError(post(first, body(name, "Carol"), null), 401, "invalid_token");
        assertError(post(first, body(name, "Carol"), Tokens.expired("ops")), 401, "token_expired");
        assertError(post(first, body(name, "Carol"), Tokens.sign(Tokens.claims("ops", Duration.ofHours(1)),
                "forged-secret-forged-secret-0123456789")), 401, "invalid_token");
        assertError(post(first, body(name, "Carol"), Tokens.user("carol")), 403, "forbidden");
        assertEquals(201, post(first, body(name, "Carol"), Tokens.admin()).statusCode(), "nothing was created before");
    }

    @Test
    void deactivationIsIdempotentAndUnknownUsersAreNotFound() {
        String name = unique("dave");
        assertEquals(201, post(first, body(name, "Dave"), Tokens.admin()).statusCode());
        assertEquals(204, delete(second, name, Tokens.admin()).statusCode());
        assertEquals(204, delete(first, name, Tokens.admin()).statusCode());
        assertError(delete(first, unique("ghost"), Tokens.admin()), 404, "not_found");
        assertError(delete(first, name, Tokens.user(name)), 403, "forbidden");
        assertError(post(first, body(name, "Dave again"), Tokens.admin()), 409, "username_taken");
    }

    @Test
    void unknownPathsAndMethodsGetJsonErrors() {
        assertError(HttpCalls.get(url(first) + "/nope", Tokens.admin()), 404, "not_found");
        assertError(HttpCalls.get(url(first) + "/users", Tokens.admin()), 405, "method_not_allowed");
    }

    @Test
    void refusesToStartWithoutASecret() {
        ConfigException error = assertThrows(ConfigException.class, () -> UsersConfig.from(new Env(Map.of())));
        assertTrue(error.getMessage().contains("CHAT_JWT_SECRET"), error.getMessage());
    }

    private static UserCommandService start(String instance) {
        ServiceSettings settings = new ServiceSettings(KafkaBroker.shared().settings(instance), instance, "127.0.0.1",
                0, HttpSettings.DEFAULTS);
        UsersConfig config = new UsersConfig(settings,
                new JwtSettings(Tokens.SECRET.getBytes(StandardCharsets.UTF_8), Optional.empty(), Optional.empty()),
                20, 8_000, 1_000, RoomLimits.DEFAULTS,
                AllowedOrigins.ownOnly());
        UserCommandService service = new UserCommandService(config);
        service.start();
        return service;
    }

    private static boolean ready(UserCommandService service) {
        return HttpCalls.get(url(service) + "/health/ready", null).statusCode() == 200;
    }

    private static String url(UserCommandService service) {
        return "http://127.0.0.1:" + service.port();
    }

    private static HttpResponse<String> post(UserCommandService service, String body, String token, String... headers) {
        return HttpCalls.send("POST", url(service) + "/users", token, body, headers);
    }

    private static HttpResponse<String> delete(UserCommandService service, String name, String token) {
        return HttpCalls.send("DELETE", url(service) + "/users/" + name, token, null);
    }

    private static void assertError(HttpResponse<String> response, int status, String code) {
        assertEquals(status, response.statusCode(), response.body());
        assertNotNull(response.body());
        assertTrue(response.body().contains("\"error\":\"" + code + "\""), response.body());
    }

    private static String body(String username, String displayName) {
        return "{\"username\":\"" + username + "\",\"displayName\":\"" + displayName + "\"}";
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
