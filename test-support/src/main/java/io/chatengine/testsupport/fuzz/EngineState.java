package io.chatengine.testsupport.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatengine.common.http.HttpJson;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What the fuzzer must leave as it found it, as clients and operators see it: how many users were ever created
 * and messages accepted (the services' own counters), each user's record on query-api, each socket user's latest
 * inbox seq (from a welcome), and the presence and history of users the fuzzer never touches.
 */
public record EngineState(long usersCreated, long messagesAccepted, Map<String, String> users,
                          Map<String, Long> inboxSeqs, Map<String, String> untouched) {
    private static final int TIMEOUT_MS = 15_000;

    /**
     * @param metrics    the /metrics URLs of the user-command-service and of every gateway
     * @param bystanders pairs of users who talked before the run ({@code alice, bob, ...}) and take no part in it
     */
    public static EngineState take(Fuzzer.Target target, List<URI> metrics, List<String> bystanders)
            throws IOException, InterruptedException {
        long created = 0;
        long accepted = 0;
        for (URI url : metrics) {
            String text = get(url, url.getPath(), null);
            created += sum(text, "chat_user_commands_total", "outcome=\"created\"");
            accepted += sum(text, "chat_messages_accepted_total", "");
        }
        URI query = target.queries().get(0);
        Map<String, String> users = new LinkedHashMap<>();
        List<String> everyone = new ArrayList<>(target.socketUsers());
        everyone.addAll(bystanders);
        for (String user : everyone) {
            users.put(user, get(query, "/users/" + user, target.adminToken()));
        }
        Map<String, Long> seqs = new LinkedHashMap<>();
        for (String user : target.socketUsers()) {
            seqs.put(user, welcomeSeq(target, user));
        }
        Map<String, String> untouched = new LinkedHashMap<>();
        for (int i = 0; i + 1 < bystanders.size(); i += 2) {
            String a = bystanders.get(i);
            String b = bystanders.get(i + 1);
            untouched.put("history of " + a + " with " + b, get(query, "/messages?with=" + b, target.tokenOf().apply(a)));
            untouched.put("presence of " + a, get(query, "/presence/" + a, target.adminToken()));
            untouched.put("presence of " + b, get(query, "/presence/" + b, target.adminToken()));
        }
        return new EngineState(created, accepted, users, seqs, untouched);
    }

    /** What differs from {@code after} beyond what the report accounts for; empty when nothing does. */
    public List<String> unexplainedChanges(EngineState after, Fuzzer.Report report) {
        List<String> changes = new ArrayList<>();
        if (after.usersCreated - usersCreated != report.createdUsers.size()) {
            changes.add("users created: " + usersCreated + " before, " + after.usersCreated + " after, "
                    + report.createdUsers.size() + " answered 201");
        }
        if (after.messagesAccepted - messagesAccepted != report.acceptedMessages()) {
            changes.add("messages accepted: " + messagesAccepted + " before, " + after.messagesAccepted + " after, "
                    + report.acceptedMessages() + " answered sent");
        }
        users.forEach((user, record) -> {
            if (!Objects.equals(record, after.users.get(user))) {
                changes.add("user " + user + ": " + record + " before, " + after.users.get(user) + " after");
            }
        });
        inboxSeqs.forEach((user, seq) -> {
            int sent = report.accepted.getOrDefault(user, Set.of()).size();
            if (after.inboxSeqs.get(user) != seq + sent) {
                changes.add("inbox of " + user + ": seq " + seq + " before, " + after.inboxSeqs.get(user) + " after, "
                        + sent + " answered sent");
            }
        });
        untouched.forEach((what, value) -> {
            if (!Objects.equals(value, after.untouched.get(what))) {
                changes.add(what + ": " + value + " before, " + after.untouched.get(what) + " after");
            }
        });
        return changes;
    }

    private static long welcomeSeq(Fuzzer.Target target, String user) throws IOException, InterruptedException {
        URI gateway = target.gateways().get(0);
        RawWebSocket.Opened opened = RawWebSocket.open(gateway.getHost(), gateway.getPort(), "/ws",
                target.tokenOf().apply(user), TIMEOUT_MS);
        if (opened.socket() == null) {
            throw new IOException("cannot connect as " + user + ": " + opened.status() + " " + opened.body());
        }
        try (RawWebSocket socket = opened.socket()) {
            RawWebSocket.Event event = socket.poll(TIMEOUT_MS);
            if (event instanceof RawWebSocket.Event.Text text) {
                JsonNode welcome = HttpJson.MAPPER.readTree(text.text());
                if (welcome.path("type").asText().equals("welcome")) {
                    return welcome.path("seq").asLong();
                }
            }
            throw new IOException("no welcome for " + user + ": " + event);
        }
    }

    private static String get(URI base, String target, String token) throws IOException {
        RawHttp.Response response = RawHttp.send(base.getHost(), base.getPort(), "GET", target,
                token == null ? List.of() : List.of("Authorization: Bearer " + token), null, TIMEOUT_MS);
        return response.status() + " " + response.body();
    }

    /** The sum of a Prometheus counter's samples whose labels contain {@code labels}. */
    static long sum(String metrics, String name, String labels) {
        double total = 0;
        for (String line : metrics.split("\n")) {
            if (line.startsWith(name) && (line.charAt(name.length()) == '{' || line.charAt(name.length()) == ' ')
                    && line.contains(labels)) {
                total += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return Math.round(total);
    }
}
