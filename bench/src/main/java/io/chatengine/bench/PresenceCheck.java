package io.chatengine.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/**
 * Whether presence tells the truth: every user given holds exactly one welcomed socket, so query-api must say
 * online with one connection. A connection a dead gateway held and presence-stream did not drop yet shows as two.
 */
final class PresenceCheck {
    private static final int PER_REQUEST = 1_000;
    private final Target target;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    PresenceCheck(Target target) {
        this.target = target;
    }

    /** How many of the users query-api does not show with exactly one connection; -1 when no query-api answered. */
    long wrong(List<String> users) throws InterruptedException {
        long wrong = 0;
        for (int from = 0; from < users.size(); from += PER_REQUEST) {
            List<String> chunk = users.subList(from, Math.min(users.size(), from + PER_REQUEST));
            JsonNode answer = ask(chunk);
            if (answer == null) {
                return -1;
            }
            for (String user : chunk) {
                JsonNode presence = answer.path(user);
                if (!presence.path("online").asBoolean() || presence.path("connections").asInt() != 1) {
                    wrong++;
                }
            }
        }
        return wrong;
    }

    /** The presence of each user, by name, from the first query-api instance that answers. */
    private JsonNode ask(List<String> users) throws InterruptedException {
        String token = target.token(users.get(0));
        for (String query : target.query()) {
            URI uri = URI.create(query + "/presence?users=" + String.join(",", users));
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5))
                        .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return byUser(Target.JSON.readTree(response.body()));
                }
            } catch (IOException e) {
                // this instance is down: ask the next
            }
        }
        return null;
    }

    /** {@code {"users":[{"username":...}]}} as an object by username. */
    private static JsonNode byUser(JsonNode body) {
        var byUser = Target.JSON.createObjectNode();
        body.path("users").forEach(presence -> byUser.set(presence.path("username").asText(), presence));
        return byUser;
    }
}
