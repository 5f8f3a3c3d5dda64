package io.chatengine.query.audit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chatengine.common.RoomIds;
import io.chatengine.common.Times;
import io.chatengine.common.Usernames;
import io.chatengine.common.config.Env;
import io.chatengine.common.config.KafkaSettings;
import io.chatengine.schemas.Topic;
import io.chatengine.schemas.Topics;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code scripts/replay}: a user's or a room's events straight from the log, in the format of {@code /audit/events},
 * or its state as of a time, rebuilt by folding those events.
 */
public final class ReplayMain {
    private static final String USAGE = """
            usage: scripts/replay events (--user U | --room R) [--from TIME] [--to TIME] [--bootstrap HOST:PORT]
                   scripts/replay state (--user U | --room R) --at TIME [--bootstrap HOST:PORT]
            TIME is ISO-8601 UTC, e.g. 2026-11-23T10:00:00.000Z""";

    private ReplayMain() {
    }

    public static void main(String[] args) {
        try {
            System.out.print(run(args));
        } catch (IllegalArgumentException e) {
            System.err.println("replay: " + e.getMessage() + "\n" + USAGE);
            System.exit(2);
        }
    }

    /** The output for these arguments. */
    public static String run(String[] args) {
        if (args.length == 0) {
            throw new IllegalArgumentException("say what to replay");
        }
        Map<String, String> options = options(args);
        String user = options.get("user");
        String room = options.get("room");
        if ((user == null) == (room == null)) {
            throw new IllegalArgumentException("name either --user or --room");
        }
        if (user != null && !Usernames.isValid(user)) {
            throw new IllegalArgumentException("--user must be a username");
        }
        if (room != null && !RoomIds.isValid(room)) {
            throw new IllegalArgumentException("--room must be a room id");
        }
        Map<String, String> env = new HashMap<>(System.getenv());
        if (options.containsKey("bootstrap")) {
            env.put("KAFKA_BOOTSTRAP_SERVERS", options.get("bootstrap"));
        }
        AuditLog log = new AuditLog(KafkaSettings.from(new Env(env)));
        if (room != null) {
            return switch (args[0]) {
                case "events" -> events(log, room, AuditLog.ROOM_AUDITED, time(options, "from"), time(options, "to"));
                case "state" -> roomState(log, room, required(time(options, "at"), "--at")) + "\n";
                default -> throw new IllegalArgumentException("unknown command " + args[0]);
            };
        }
        return switch (args[0]) {
            case "events" -> events(log, user, AuditLog.AUDITED, time(options, "from"), time(options, "to"));
            case "state" -> state(log, user, required(time(options, "at"), "--at")) + "\n";
            default -> throw new IllegalArgumentException("unknown command " + args[0]);
        };
    }

    private static String events(AuditLog log, String key, List<Topic<?>> topics, Instant from, Instant to) {
        StringBuilder out = new StringBuilder();
        for (AuditLog.Event event : log.events(key, topics, from, to)) {
            out.append(event.toNdjsonLine()).append('\n');
        }
        return out.toString();
    }

    /** The user's state at {@code at}: account from users, presence from presence, inbox seq from inbox. */
    public static String state(AuditLog log, String user, Instant at) {
        List<AuditLog.Event> events = log.events(user, List.of(Topics.USERS, Topics.PRESENCE, Topics.INBOX), null, at);
        UserState state = new UserState(user);
        events.forEach(state::apply);
        ObjectNode json = state.toJson();
        json.put("at", Times.iso(at));
        return json.toString();
    }

    /** The room at {@code at}: what it is and its first members from rooms, every later change and seq from its log. */
    public static String roomState(AuditLog log, String room, Instant at) {
        ReplayedRoom state = new ReplayedRoom(room);
        log.events(room, List.of(Topics.ROOMS, Topics.ROOM_LOG), null, at).forEach(state::apply);
        ObjectNode json = state.toJson();
        json.put("at", Times.iso(at));
        return json.toString();
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 1; i < args.length; i += 2) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --option value, got " + args[i]);
            }
            options.put(args[i].substring(2), args[i + 1]);
        }
        return options;
    }

    private static Instant time(Map<String, String> options, String name) {
        return options.containsKey(name) ? Times.parse(options.get(name)) : null;
    }

    private static <T> T required(T value, String name) {
        if (value == null) {
            throw new IllegalArgumentException(name + " is required");
        }
        return value;
    }
}
