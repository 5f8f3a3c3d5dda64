package io.chatengine.query.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatengine.common.ErrorCode;
import io.chatengine.common.Usernames;
import io.chatengine.common.auth.Principal;
import io.chatengine.common.http.Endpoint;
import io.chatengine.common.http.HttpJson;
import io.chatengine.common.protocol.Bodies;
import io.chatengine.query.topology.QueryTopology;
import io.chatengine.schemas.avro.InboxEntry;
import io.chatengine.schemas.avro.Presence;
import io.chatengine.schemas.avro.UserAccount;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The query endpoints, each called with its caller ({@link Endpoint} checks method and
 * token first). They run on worker threads (store reads and fetches from other instances block), answer keys
 * held here from the local stores and fetch the others from the instance that holds them.
 */
public final class QueryHandlers {
    public static final int MAX_USERS = 1_000;
    private final KeyRouter router;
    private final Answers answers;

    public QueryHandlers(KeyRouter router) {
        this.router = router;
        this.answers = new Answers(router);
    }

    public void user(HttpServerExchange exchange, Principal caller) throws Exception {
        String username = Answers.pathParameter(exchange, "username");
        if (!Answers.validUsername(exchange, username)) {
            return;
        }
        answers.forKey(exchange, QueryTopology.USERS_STORE, username, () -> {
            UserAccount account = router.<UserAccount>local(QueryTopology.USERS_STORE).get(username);
            if (account == null) {
                HttpJson.error(exchange, ErrorCode.NOT_FOUND, "no such user: " + username);
            } else {
                HttpJson.sendRendered(exchange, 200, Bodies.account(account.getUsername(),
                        account.getDisplayName(), account.getCreatedAt(), account.getActive()));
            }
        });
    }

    public void presenceOfOne(HttpServerExchange exchange, Principal caller) throws Exception {
        String username = Answers.pathParameter(exchange, "username");
        if (!Answers.validUsername(exchange, username)) {
            return;
        }
        answers.forKey(exchange, QueryTopology.USERS_STORE, username, () -> {
            String presence = localPresence(username);
            if (presence == null) {
                HttpJson.error(exchange, ErrorCode.NOT_FOUND, "no such user: " + username);
            } else {
                HttpJson.sendRendered(exchange, 200, presence);
            }
        });
    }

    /** {@code GET /presence?users=a,b,c}: answers in the order asked; unknown users are left out. */
    public void presenceOfMany(HttpServerExchange exchange, Principal caller) throws Exception {
        String list = Answers.query(exchange, "users");
        List<String> users = list == null ? List.of() : Arrays.stream(list.split(",")).map(String::strip)
                .filter(s -> !s.isEmpty()).toList();
        if (users.isEmpty() || users.size() > MAX_USERS) {
            HttpJson.error(exchange, ErrorCode.BAD_REQUEST, "users must list 1 to " + MAX_USERS + " usernames");
            return;
        }
        for (String user : users) {
            if (!Usernames.isValid(user)) {
                HttpJson.error(exchange, ErrorCode.BAD_REQUEST, "not a username: " + user);
                return;
            }
        }
        // each user's presence as its rendered body: the local ones as rendered once, the others as their
        // instance rendered them; the answer only strings them together
        Map<String, String> found = new LinkedHashMap<>();
        Map<HostInfo, List<String>> remote = new LinkedHashMap<>();
        for (String user : users) {
            KeyRouter.Owner owner = router.owner(QueryTopology.USERS_STORE, user);
            if (owner instanceof KeyRouter.Owner.Here) {
                found.put(user, localPresence(user));
            } else if (owner instanceof KeyRouter.Owner.There there && !KeyRouter.forwarded(exchange)) {
                remote.computeIfAbsent(there.host(), h -> new ArrayList<>()).add(user);
            } else {
                Answers.unavailable(exchange);
                return;
            }
        }
        for (Map.Entry<HostInfo, List<String>> entry : remote.entrySet()) {
            HttpResponse<String> response = KeyRouter.fetch(entry.getKey(),
                    "/presence?users=" + String.join(",", entry.getValue()),
                    exchange.getRequestHeaders().getFirst(Headers.AUTHORIZATION));
            if (response.statusCode() != 200) {
                Answers.relay(exchange, response);
                return;
            }
            for (JsonNode presence : HttpJson.MAPPER.readTree(response.body()).path("users")) {
                found.put(presence.path("username").asText(), presence.toString());
            }
        }
        HttpJson.sendRendered(exchange, 200, users.stream().map(found::get).filter(Objects::nonNull)
                .collect(Collectors.joining(",", "{\"users\":[", "]}")));
    }

    /** {@code GET /messages?with=bob&before=SEQ&limit=N}: the caller's inbox with one user, newest first. */
    public void messages(HttpServerExchange exchange, Principal principal) throws Exception {
        String owner = principal.subject();
        String asked = Answers.query(exchange, "user");
        if (asked != null) {
            if (!principal.admin() && !asked.equals(owner)) {
                HttpJson.error(exchange, ErrorCode.FORBIDDEN, "only admins read another user's messages");
                return;
            }
            owner = asked;
        }
        String with = Answers.query(exchange, "with");
        if (!Usernames.isValid(owner) || !Usernames.isValid(with)) {
            HttpJson.error(exchange, ErrorCode.BAD_REQUEST, "with must be a username");
            return;
        }
        Answers.SeqPage page = Answers.SeqPage.of(exchange);
        if (page == null) {
            return;
        }
        String inboxOwner = owner;
        answers.forKey(exchange, QueryTopology.USERS_STORE, owner, () -> {
            ReadOnlyKeyValueStore<String, InboxEntry> history = router.local(QueryTopology.HISTORY_STORE);
            HttpJson.sendRendered(exchange, 200,
                    Bodies.history(QueryTopology.conversation(history, inboxOwner, with, page.before(), page.limit())));
        });
    }

    /** The user's presence as a body; null for a user this instance does not know. */
    private String localPresence(String username) {
        if (router.<UserAccount>local(QueryTopology.USERS_STORE).get(username) == null) {
            return null;
        }
        return Bodies.presence(username, router.<Presence>local(QueryTopology.PRESENCE_STORE).get(username));
    }

}
