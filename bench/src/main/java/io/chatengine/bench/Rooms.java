package io.chatengine.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Makes sure the plan's rooms exist, through user-command-service's {@code POST /rooms} with an admin token:
 * {@code bench-r<i>}, owned by its first member. A room an earlier run made ({@code 409 room_taken}) is used as it
 * is when query-api shows it open with the members the plan gives it; otherwise this run makes its own, under a
 * prefix of its own ({@code bench-<run>-r<i>}), and leaves the other alone.
 */
final class Rooms {
    static final String PREFIX = "bench-r";
    /** How long query-api may take to show a room that user-command-service says exists. */
    private static final Duration VISIBLE_WITHIN = Duration.ofSeconds(10);
    private static final int PARALLEL = 8;
    /** How often a 503, or a member not known yet, is asked again, a second apart. */
    private static final int RETRIES = 10;

    /** The rooms of a run, by plan index, and how each came to be. */
    record Made(List<String> names, int created, int reused, int renamed) {
    }

    /** How a room of the run came to be: made now, made by an earlier run, or made now under this run's prefix. */
    private enum How { CREATED, REUSED, RENAMED }

    private record Outcome(String name, How how) {
    }

    private final Target target;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String admin;
    /** query-api did not show a room that exists: it may not serve rooms; then no room is waited for again. */
    private volatile boolean queryBlind;
    private final String runPrefix = "bench-" + Long.toString(System.currentTimeMillis(), 36) + "-r";

    private Rooms(Target target) {
        this.target = target;
        this.admin = target.adminToken();
    }

    static Made ensure(Target target, RoomPlan plan) throws InterruptedException {
        if (target.users().isEmpty()) {
            throw new EngineRefused("endpoints.json names no user-command-service to create rooms with");
        }
        Rooms rooms = new Rooms(target);
        ExecutorService pool = Executors.newFixedThreadPool(PARALLEL);
        try {
            List<Future<Outcome>> made = new ArrayList<>();
            for (RoomPlan.Room room : plan.rooms()) {
                made.add(pool.submit(() -> rooms.ensure(room)));
            }
            List<String> names = new ArrayList<>();
            int created = 0;
            int reused = 0;
            int renamed = 0;
            for (Future<Outcome> future : made) {
                Outcome outcome = future.get();
                names.add(outcome.name());
                switch (outcome.how()) {
                    case CREATED -> created++;
                    case REUSED -> reused++;
                    case RENAMED -> renamed++;
                }
            }
            return new Made(List.copyOf(names), created, reused, renamed);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof EngineRefused refused) {
                throw refused;
            }
            throw new EngineRefused("creating the bench rooms failed: " + e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    private Outcome ensure(RoomPlan.Room room) throws InterruptedException {
        String name = PREFIX + room.index();
        HttpResponse<String> answer = create(name, room);
        if (answer.statusCode() == 201) {
            return new Outcome(name, How.CREATED);
        }
        if (isTaken(answer) && matches(name, room)) {
            return new Outcome(name, How.REUSED);
        }
        if (!isTaken(answer)) {
            throw refused(name, answer);
        }
        String fresh = runPrefix + room.index();
        answer = create(fresh, room);
        if (answer.statusCode() != 201) {
            throw refused(fresh, answer);
        }
        return new Outcome(fresh, How.RENAMED);
    }

    private HttpResponse<String> create(String name, RoomPlan.Room room) throws InterruptedException {
        String body = body(name, room).toString();
        HttpRequest request = HttpRequest.newBuilder(URI.create(target.users().get(0) + "/rooms"))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + admin).header("Content-Type", "application/json")
                // the same room asked again by a later run is the same request: answered 201 again while the
                // engine keeps the key, and 409 room_taken after that
                .header("Idempotency-Key", "bench-" + name + "-" + Integer.toHexString(room.members().hashCode()))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        for (int attempt = 0; ; attempt++) {
            HttpResponse<String> answer;
            try {
                answer = http.send(request, HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                throw new EngineRefused("POST " + request.uri() + " failed: " + e);
            }
            boolean later = answer.statusCode() == 503
                    // users made a moment ago may not have reached the room topology's users store yet
                    || answer.statusCode() == 400 && "unknown_user".equals(errorCode(answer.body()));
            if (!later || attempt >= RETRIES) {
                return answer;
            }
            Thread.sleep(1_000);
        }
    }

    static ObjectNode body(String name, RoomPlan.Room room) {
        ObjectNode body = Target.JSON.createObjectNode().put("room", name).put("title", "Bench room " + room.index())
                .put("owner", room.owner()).put("history", "shared");
        ArrayNode members = body.putArray("members");
        room.others().forEach(members::add);
        return body;
    }

    private static boolean isTaken(HttpResponse<String> answer) {
        return answer.statusCode() == 409 && "room_taken".equals(errorCode(answer.body()));
    }

    /** Whether query-api shows room {@code name} open with exactly the plan's members (and owner). */
    private boolean matches(String name, RoomPlan.Room room) throws InterruptedException {
        if (target.query().isEmpty()) {
            return false;
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create(target.query().get(0) + "/rooms/" + name))
                .timeout(Duration.ofSeconds(10)).header("Authorization", "Bearer " + admin).build();
        if (queryBlind) {
            return false;
        }
        long deadline = System.nanoTime() + VISIBLE_WITHIN.toNanos();
        while (true) {
            try {
                HttpResponse<String> answer = http.send(request, HttpResponse.BodyHandlers.ofString());
                if (answer.statusCode() == 200) {
                    return sameRoom(Target.JSON.readTree(answer.body()), room.owner(), room.members());
                }
            } catch (IOException e) {
                // as not yet visible: try again until the deadline, then make a room of this run's own
            }
            if (System.nanoTime() > deadline) {
                queryBlind = true; // the next taken rooms are not waited for: they are made anew at once
                return false;
            }
            Thread.sleep(200); // query-api follows the room state; poll until it has caught up
        }
    }

    /** A room as query-api shows it is open, owned by {@code owner} and has exactly {@code members}. */
    static boolean sameRoom(JsonNode room, String owner, Collection<String> members) {
        if (room.path("closed").asBoolean(false) || !owner.equals(room.path("owner").asText())) {
            return false;
        }
        Set<String> has = new HashSet<>();
        room.path("members").forEach(member -> has.add(member.path("user").asText()));
        return has.equals(new HashSet<>(members)) && room.path("members").size() == members.size();
    }

    private static String errorCode(String body) {
        try {
            return Target.JSON.readTree(body).path("error").asText(null);
        } catch (IOException e) {
            return null;
        }
    }

    private EngineRefused refused(String name, HttpResponse<String> answer) {
        int status = answer.statusCode();
        String body = answer.body() == null ? "" : answer.body().strip();
        if (body.length() > 300) {
            body = body.substring(0, 300) + "...";
        }
        String why = switch (status) {
            case 404, 405, 501 -> " (this engine does not serve rooms: SPEC section 6, version 3)";
            case 401, 403 -> " (the admin token was refused: is CHAT_JWT_SECRET the engine's?)";
            case 409 -> " (the bench users may be in too many rooms from earlier runs: CHAT_MAX_ROOMS_PER_USER,"
                    + " or CHAT_ROOM_MAX_MEMBERS is below --members)";
            default -> "";
        };
        return new EngineRefused("POST /rooms for " + name + " answered " + status + " " + body + why);
    }
}
