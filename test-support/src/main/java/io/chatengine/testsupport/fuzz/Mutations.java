package io.chatengine.testsupport.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * Hostile input, seeded and reproducible: WebSocket frames and HTTP requests built from the documented shapes and
 * then broken (truncated, oversized, wrong types, unicode edge cases, deep nesting, huge numbers, binary, invalid
 * UTF-8, bit flips). The same seed gives the same sequence.
 *
 * <p>A mutation never names an existing user on purpose: sends go to {@link #NOBODY}-prefixed recipients, which
 * no test or bench run creates, and user creations carry invalid usernames (upper case, too short or long, a bad
 * first character). A random change can still make a valid request by chance; the fuzzer counts what was
 * accepted instead of assuming nothing was.
 */
public final class Mutations {
    /** Recipients that are never users: sends to them are refused with {@code unknown_recipient}. */
    public static final String NOBODY = "zz-nobody";
    public static final int FRAME_LIMIT = 64 * 1024;
    public static final int BODY_LIMIT = 16 * 1024;
    private static final String[] TEXTS = {
        "hi", "", " ", "\\ud800", "\\udc00", "a\\ud800b", "\\ud83d\\ude00", "\\ud83d", "\\ude00\\ud83d", "\\u0000",
        "\u0000", "\uFEFF", "\u202E\u202Dflip", "e\u0301\u0301\u0301", "\uD83D\uDE00", "\uFFFF", "\\uFFFE", "\\",
        "\"", "\n\r\t", "</script>", "%s%n", "\u00e9\u00e8", "null", "\\u00zz",
    };
    private static final String[] NUMBERS = {
        "0", "-0", "1e999999999", "-1e999999999", "123456789012345678901234567890123456789", "9223372036854775808",
        "-9223372036854775809", "1.7976931348623157e309", "4.9e-325", "0.0000000000000000000001", "NaN", "Infinity",
        "1_000", "0x10", "01", "1.", ".5", "+1", "2e+308",
    };
    private static final String[] VALUES = {
        "null", "true", "false", "[]", "{}", "[null]", "{\"a\":1}", "\"\"", "\"" + NOBODY + "\"", "[\"" + NOBODY + "\"]", "1",
        "-1",
    };
    private static final String[] TYPES = {"send", "watch", "refresh", "SEND", "send ", "", "welcome", "message",
        "error", "ping", "\\u0073end", "sent", "presence", "subscribe", "unsubscribe", "typing", "read", "member"};
    private static final String[] METHODS = {"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "TRACE",
        "CONNECT", "FOO", "get", "POST\u0000"};
    private final SplittableRandom random;

    public Mutations(long seed) {
        this.random = new SplittableRandom(seed);
    }

    /** A frame to send on an open socket. */
    public record Frame(Kind kind, String mutation, byte[] payload) {
        /** {@code FRAGMENTED}: a text message sent in three fragments, a ping between the first two. */
        public enum Kind { TEXT, BINARY, PING, FRAGMENTED }

        /** Where a fragmented frame is cut: at a third and two thirds of its bytes, inside a character or not. */
        public int[] cuts() {
            return new int[] {payload.length / 3, 2 * payload.length / 3};
        }

        public static Frame text(String mutation, String text) {
            return new Frame(Kind.TEXT, mutation, text.getBytes(StandardCharsets.UTF_8));
        }

        /** The payload as the server decodes it (invalid UTF-8 shows as replacement characters). */
        public String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }
    }

    /** Which service a request goes to. */
    public enum Service { USERS, QUERY, GATEWAY }

    /**
     * An HTTP request: {@code token} is {@code admin}, {@code user} (a fuzz user's own), {@code none}, or a literal
     * (broken) token; {@code head} is extra header lines, {@code body} may be null.
     */
    public record Request(Service service, String mutation, String method, String target, String token,
                          List<String> head, byte[] body) {
    }

    public Frame frame() {
        int pick = random.nextInt(100);
        if (pick < 1) {
            return new Frame(Frame.Kind.BINARY, "binary", bytes(random.nextInt(0, 300)));
        }
        if (pick < 2) {
            return Frame.text("oversized", send(text(FRAME_LIMIT + 1 + random.nextInt(8_000)), ref()));
        }
        if (pick < 3) {
            return new Frame(Frame.Kind.PING, "ping", bytes(random.nextInt(0, 125)));
        }
        if (pick < 6) {
            return Frame.text("empty-or-blank", pick(new String[] {"", " ", "\n", "\t\t", "{}"}));
        }
        if (pick < 8) {
            return new Frame(Frame.Kind.TEXT, "invalid-utf8", invalidUtf8(template()));
        }
        if (pick < 20) {
            return new Frame(Frame.Kind.TEXT, "bitflip", flip(template().getBytes(StandardCharsets.UTF_8)));
        }
        if (pick < 30) {
            String whole = template();
            return Frame.text("truncated", whole.substring(0, random.nextInt(whole.length())));
        }
        if (pick < 38) {
            return Frame.text("deep", deep(random.nextInt(20, 3_000)));
        }
        if (pick < 48) {
            return Frame.text("unicode", send(pick(TEXTS) + (random.nextBoolean() ? pick(TEXTS) : ""), ref()));
        }
        if (pick < 58) {
            return Frame.text("wrong-type", wrongTypes());
        }
        if (pick < 64) {
            return Frame.text("huge-number", "{\"type\":\"send\",\"to\":\"" + nobody() + "\",\"text\":" + pick(NUMBERS)
                    + ",\"ref\":" + pick(NUMBERS) + ",\"seq\":" + pick(NUMBERS) + "}");
        }
        if (pick < 70) {
            return Frame.text("long-field", longField());
        }
        if (pick < 78) {
            return Frame.text("watch", watch());
        }
        if (pick < 84) {
            return Frame.text("garbage", garbage());
        }
        if (pick < 86) {
            return Frame.text("room", roomFrame());
        }
        if (pick < 88) {
            String whole = random.nextBoolean() ? template() : send(pick(TEXTS) + "\u00e9\uD83D\uDE00\u4e2d", ref());
            return new Frame(Frame.Kind.FRAGMENTED, "fragmented", whole.getBytes(StandardCharsets.UTF_8));
        }
        return Frame.text("unknown-recipient", template());
    }

    /** A well-formed send, to nobody, or a watch: what the mutations start from. */
    public String template() {
        return switch (random.nextInt(4)) {
            case 0 -> watchOf(List.of(nobody(), nobody()));
            case 1 -> "{\"type\":\"" + pick(TYPES) + "\",\"to\":\"" + nobody() + "\",\"text\":\"hi\"}";
            default -> send("text " + random.nextInt(1000), ref());
        };
    }

    private String send(String text, String ref) {
        return "{\"type\":\"send\",\"to\":\"" + nobody() + "\",\"text\":\"" + text + "\""
                + (ref == null ? "" : ",\"ref\":\"" + ref + "\"") + "}";
    }

    /**
     * A room frame about rooms that do not exist (subscribe, unsubscribe, a room send, typing, read), well formed or
     * not: over 1,000 rooms, bad seqs, both or neither of a room and a user.
     */
    private String roomFrame() {
        String room = random.nextInt(10) == 0 ? pick(new String[] {"NO-ROOM", "zz", "z".repeat(65), ""}) : noRoom();
        Object seq = random.nextInt(4) == 0 ? pick(NUMBERS) : random.nextInt(4) == 0 ? pick(VALUES)
                : Integer.toString(random.nextInt(100));
        return switch (random.nextInt(7)) {
            case 0 -> {
                int count = random.nextInt(5) == 0 ? 1_000 + random.nextInt(3) : random.nextInt(0, 5);
                StringBuilder rooms = new StringBuilder();
                for (int i = 0; i < count; i++) {
                    rooms.append(i > 0 ? "," : "").append('"').append(i == 0 ? room : noRoom()).append("\":")
                            .append(random.nextBoolean() ? "null" : seq);
                }
                yield "{\"type\":\"subscribe\",\"rooms\":" + (random.nextInt(8) == 0 ? pick(VALUES) : "{" + rooms + "}")
                        + "}";
            }
            case 1 -> "{\"type\":\"unsubscribe\",\"rooms\":" + (random.nextBoolean() ? "[\"" + room + "\"]" : pick(VALUES))
                    + "}";
            case 2 -> "{\"type\":\"send\",\"room\":\"" + room + "\",\"text\":\"" + pick(TEXTS) + "\""
                    + (random.nextInt(4) == 0 ? ",\"to\":\"" + nobody() + "\"" : "") + ",\"ref\":\"r" + random.nextInt(50) + "\"}";
            case 3 -> "{\"type\":\"typing\",\"room\":\"" + room + "\"}";
            case 4 -> "{\"type\":\"typing\"" + (random.nextBoolean() ? ",\"to\":\"" + nobody() + "\"" : "")
                    + (random.nextBoolean() ? ",\"room\":" + pick(VALUES) : "") + "}";
            case 5 -> "{\"type\":\"read\",\"room\":\"" + room + "\",\"seq\":" + seq + "}";
            default -> "{\"type\":\"read\",\"with\":\"" + nobody() + "\",\"seq\":" + seq
                    + (random.nextBoolean() ? ",\"room\":\"" + room + "\"" : "") + "}";
        };
    }

    /** A room id no test or bench run creates. */
    private String noRoom() {
        return NOBODY + "-room-" + Integer.toString(random.nextInt(1 << 20), 36);
    }

    private String nobody() {
        return NOBODY + "-" + Integer.toString(random.nextInt(1 << 20), 36);
    }

    private String ref() {
        return random.nextInt(4) == 0 ? null : "f" + Long.toString(random.nextLong() & Long.MAX_VALUE, 36);
    }

    private String wrongTypes() {
        String[] fields = {"\"type\":" + (random.nextBoolean() ? "\"send\"" : pick(VALUES)),
            "\"to\":" + (random.nextBoolean() ? "\"" + nobody() + "\"" : pick(VALUES)),
            "\"text\":" + (random.nextBoolean() ? "\"x\"" : pick(VALUES)),
            "\"ref\":" + (random.nextBoolean() ? "\"r1\"" : pick(VALUES)),
            "\"users\":" + pick(VALUES)};
        StringBuilder out = new StringBuilder("{");
        for (String field : fields) {
            if (random.nextInt(4) > 0) {
                out.append(out.length() > 1 ? "," : "").append(field);
            }
        }
        return random.nextInt(10) == 0 ? pick(VALUES) : out.append('}').toString();
    }

    private String longField() {
        return switch (random.nextInt(4)) {
            case 0 -> send(text(4_000 + random.nextInt(3)), ref());
            case 1 -> send("\\ud83d\\ude00".repeat(3_999 + random.nextInt(3)), null);
            case 2 -> send("hi", "r".repeat(64 + random.nextInt(2)));
            default -> "{\"type\":\"send\",\"to\":\"" + "a".repeat(32 + random.nextInt(3)) + "x\",\"text\":\"hi\"}";
        };
    }

    private String watch() {
        int count = switch (random.nextInt(5)) {
            case 0 -> 1_000 + random.nextInt(3);
            case 1 -> 0;
            default -> random.nextInt(1, 10);
        };
        List<String> users = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            users.add(random.nextInt(20) == 0 ? "NOT A USER" : nobody());
        }
        return watchOf(users);
    }

    private static String watchOf(List<String> users) {
        return "{\"type\":\"watch\",\"users\":[" + String.join(",", users.stream().map(u -> "\"" + u + "\"").toList())
                + "]}";
    }

    private String deep(int depth) {
        return switch (random.nextInt(3)) {
            case 0 -> "[".repeat(depth) + "]".repeat(depth);
            case 1 -> "{\"a\":".repeat(depth) + "1" + "}".repeat(depth);
            default -> "{\"type\":\"send\",\"to\":\"" + nobody() + "\",\"text\":" + "[".repeat(depth)
                    + "]".repeat(random.nextBoolean() ? depth : depth / 2) + "}";
        };
    }

    private String garbage() {
        String[] junk = {"", " ", "{", "}", "[", "\"", "{\"type\":\"send\",}", "{'type':'send'}", "{type:send}",
            "// comment\n{}", "{\"type\":\"send\"}{\"type\":\"send\"}", "{\"type\":\"send\",\"type\":\"watch\"}",
            "\uFEFF{}", "null", "0", "[\"send\"]", "{\"type\":null}", "{\"\":\"\"}", "\u0000"};
        return random.nextBoolean() ? pick(junk) : new String(bytes(random.nextInt(1, 200)), StandardCharsets.UTF_8);
    }

    /** The text with a byte sequence that is not UTF-8 spliced in (a bare continuation, an overlong form...). */
    private byte[] invalidUtf8(String text) {
        byte[][] bad = {{(byte) 0x80}, {(byte) 0xC0, (byte) 0xAF}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
            {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, {(byte) 0xFF}, {(byte) 0xE2, (byte) 0x82}};
        byte[] original = text.getBytes(StandardCharsets.UTF_8);
        byte[] insert = bad[random.nextInt(bad.length)];
        int at = random.nextInt(original.length + 1);
        byte[] out = new byte[original.length + insert.length];
        System.arraycopy(original, 0, out, 0, at);
        System.arraycopy(insert, 0, out, at, insert.length);
        System.arraycopy(original, at, out, at + insert.length, original.length - at);
        return out;
    }

    /** One to four random bytes changed, deleted or inserted; ASCII stays ASCII (invalid UTF-8 is its own case). */
    private byte[] flip(byte[] original) {
        List<Byte> out = new ArrayList<>();
        for (byte b : original) {
            out.add(b);
        }
        for (int n = random.nextInt(1, 5); n > 0 && !out.isEmpty(); n--) {
            int at = random.nextInt(out.size());
            switch (random.nextInt(3)) {
                case 0 -> out.set(at, (byte) (out.get(at) ^ (1 << random.nextInt(7))));
                case 1 -> out.remove(at);
                default -> out.add(at, (byte) random.nextInt(128));
            }
        }
        byte[] bytes = new byte[out.size()];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = out.get(i);
        }
        return bytes;
    }

    /** A string of that many characters (ASCII), for over-long fields and frames. */
    private String text(int length) {
        return "x".repeat(length);
    }

    private byte[] bytes(int count) {
        byte[] bytes = new byte[count];
        random.nextBytes(bytes);
        return bytes;
    }

    private <T> T pick(T[] values) {
        return values[random.nextInt(values.length)];
    }

    private <T> T pick(List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    /** A request at one of the HTTP APIs; {@code validToken} is a good token, mutated into a broken one here. */
    public Request request(String validToken) {
        int pick = random.nextInt(100);
        if (pick < 30) {
            return createUser(validToken);
        }
        if (pick < 35) {
            return new Request(Service.USERS, "delete-nobody", "DELETE", "/users/" + pathName(), token(validToken),
                    List.of(), null);
        }
        if (pick < 45) {
            return new Request(pick(List.of(Service.values())), "bad-method", pick(METHODS),
                    pick(List.of("/users", "/users/" + pathName(), "/messages", "/presence", "/ws", "/health/ready",
                            "/audit/events")), token(validToken), List.of(), random.nextBoolean() ? null : bytes(20));
        }
        if (pick < 68) {
            return query(validToken);
        }
        if (pick < 75) {
            return room(validToken);
        }
        if (pick < 90) {
            // an admin's subject is no user: the gateway waits 2 s for it to appear before it refuses
            String drawn = token(validToken);
            String token = drawn.equals("admin") ? "user" : drawn;
            return new Request(Service.GATEWAY, "handshake", "GET", "/ws" + pick(List.of("", "?since=" + pick(NUMBERS),
                    "?access_token=" + token(validToken), "?since=-1", "?since=", "?since=1&since=x")),
                    token, List.of("Upgrade: websocket", "Connection: Upgrade",
                            "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==", "Sec-WebSocket-Version: 13"), null);
        }
        return new Request(pick(List.of(Service.values())), "huge-header", "GET", "/health/live", "none",
                List.of("X-Fuzz: " + text(random.nextBoolean() ? 20_000 : 1_000)), null);
    }

    private Request createUser(String validToken) {
        String body = "{\"username\":\"" + pick(new String[] {"Fz.New", "-fz", "fz", "f".repeat(33), "fz new", "\\u0066z"})
                + "\",\"displayName\":\"" + pick(TEXTS) + "\"}";
        int pick = random.nextInt(10);
        byte[] bytes = switch (pick) {
            case 0 -> flip(body.getBytes(StandardCharsets.UTF_8));
            case 1 -> body.substring(0, random.nextInt(body.length())).getBytes(StandardCharsets.UTF_8);
            case 2 -> ("{\"username\":\"Fz\",\"displayName\":\"" + text(BODY_LIMIT + random.nextInt(20_000)) + "\"}")
                    .getBytes(StandardCharsets.UTF_8);
            case 3 -> deep(random.nextInt(20, 2_000)).getBytes(StandardCharsets.UTF_8);
            case 4 -> invalidUtf8(body);
            case 5 -> wrongTypes().replace("\"to\"", "\"username\"").replace("\"text\"", "\"displayName\"")
                    .replace(NOBODY, NOBODY.toUpperCase()).getBytes(StandardCharsets.UTF_8);
            case 6 -> garbage().getBytes(StandardCharsets.UTF_8);
            case 7 -> null;
            default -> body.getBytes(StandardCharsets.UTF_8);
        };
        List<String> head = random.nextInt(5) == 0 ? List.of("Idempotency-Key: " + pick(new String[] {"", " ",
            text(201), "k" + random.nextInt(100), "\u00e9"})) : List.of();
        return new Request(Service.USERS, "create-user", "POST", "/users", token(validToken), head, bytes);
    }

    /**
     * A room command or query: creations always name an invalid room id (upper case, too short or long) and
     * members that are nobody, so none makes a room; the others name rooms that do not exist.
     */
    private Request room(String validToken) {
        String body = "{\"room\":\"" + pick(new String[] {"Zz-Room", "zz", "z".repeat(65), "zz room", "-zz"})
                + "\",\"title\":\"" + pick(TEXTS) + "\",\"members\":[\"" + nobody() + "\"],\"history\":"
                + pick(new String[] {"\"shared\"", "\"joined\"", "\"other\"", "null", "1"}) + "}";
        byte[] bytes = switch (random.nextInt(6)) {
            case 0 -> flip(body.getBytes(StandardCharsets.UTF_8));
            case 1 -> body.substring(0, random.nextInt(body.length())).getBytes(StandardCharsets.UTF_8);
            case 2 -> ("{\"room\":\"Zz\",\"title\":\"" + text(64 * 1024 + random.nextInt(20_000)) + "\"}")
                    .getBytes(StandardCharsets.UTF_8);
            case 3 -> garbage().getBytes(StandardCharsets.UTF_8);
            case 4 -> null;
            default -> body.getBytes(StandardCharsets.UTF_8);
        };
        String room = random.nextInt(5) == 0 ? pathName() : noRoom();
        return switch (random.nextInt(7)) {
            case 0, 1 -> new Request(Service.USERS, "create-room", "POST", "/rooms", token(validToken), List.of(), bytes);
            case 2 -> new Request(Service.USERS, "add-members", "POST", "/rooms/" + room + "/members", token(validToken),
                    List.of(), ("{\"users\":[\"" + nobody() + "\"]}").getBytes(StandardCharsets.UTF_8));
            case 3 -> new Request(Service.USERS, "remove-member", "DELETE", "/rooms/" + room + "/members/"
                    + pathName(), token(validToken), List.of(), null);
            case 4 -> new Request(Service.USERS, "close-room", "DELETE", "/rooms/" + room, token(validToken), List.of(),
                    null);
            case 5 -> new Request(Service.QUERY, "room-query", "GET", "/rooms/" + room + pick(List.of("",
                    "/messages", "/messages?before=" + pick(NUMBERS) + "&limit=" + pick(NUMBERS))), token(validToken),
                    List.of(), null);
            default -> new Request(Service.QUERY, "conversations", "GET", "/conversations" + pick(List.of("",
                    "?limit=" + pick(NUMBERS), "?before=" + pick(List.of("yesterday", "2026-13-01T00:00:00Z", "%00")))),
                    token(validToken), List.of(), null);
        };
    }

    private Request query(String validToken) {
        Supplier<String> names = () -> {
            int count = random.nextInt(5) == 0 ? 1_001 : random.nextInt(0, 5);
            List<String> users = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                users.add(pathName());
            }
            return String.join(",", users);
        };
        String target = switch (random.nextInt(6)) {
            case 0 -> "/users/" + pathName();
            case 1 -> "/presence/" + pathName();
            case 2 -> "/presence?users=" + names.get();
            case 3 -> "/messages?with=" + pathName() + "&before=" + pick(NUMBERS) + "&limit=" + pick(NUMBERS);
            case 4 -> "/messages?" + pick(List.of("", "with=", "with=" + pathName() + "&limit=-1",
                    "with=" + pathName() + "&limit=501", "limit=1&limit=2", "with=%zz"));
            default -> "/audit/events?user=" + pathName() + "&from=" + pick(List.of("yesterday", "2026-13-01T00:00:00Z",
                    "", pick(NUMBERS))) + "&to=" + pick(List.of("0", "2026-11-24", "%00"));
        };
        return new Request(Service.QUERY, "query", "GET", target, token(validToken), List.of(), null);
    }

    /** A path segment or parameter value: a name of nobody, or broken in the ways URLs break. */
    private String pathName() {
        return pick(List.of(nobody(), "", "..", "%2e%2e%2f", "%zz", "a%00b", "NOBODY", "x".repeat(300),
                "%F0%9F%98%80", "%ED%A0%80", "%C0%AF", nobody() + ";x", pick(NUMBERS)));
    }

    /**
     * Usually a broken token (bytes changed, none, alg none, garbage, another scheme), sometimes the good one:
     * {@code admin}, {@code user} and {@code none} are resolved by the fuzzer.
     */
    public String token(String validToken) {
        int pick = random.nextInt(12);
        return switch (pick) {
            case 0, 1 -> "admin";
            case 2, 3 -> "user";
            case 4 -> "none";
            case 5 -> "eyJhbGciOiJub25lIn0." + validToken.split("\\.", -1)[1] + ".";
            case 6 -> validToken.substring(0, random.nextInt(validToken.length()));
            case 7 -> new String(flip(validToken.getBytes(StandardCharsets.UTF_8)), StandardCharsets.ISO_8859_1)
                    .replaceAll("[\\r\\n]", "");
            case 8 -> validToken + "." + validToken;
            case 9 -> "Basic " + validToken;
            case 10 -> pick(new String[] {"", " ", "Bearer", "a.b.c", "...", "\u00e9.\u00e9.\u00e9"});
            default -> text(random.nextInt(1, 5_000));
        };
    }
}
