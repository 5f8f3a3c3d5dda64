package io.chatengine.query.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatengine.common.ErrorCode;
import io.chatengine.common.RoomIds;
import io.chatengine.common.Times;
import io.chatengine.common.Usernames;
import io.chatengine.common.auth.Principal;
import io.chatengine.common.http.HttpJson;
import io.chatengine.query.topology.QueryTopology;
import io.chatengine.query.view.Conversation;
import io.chatengine.query.view.ConversationList;
import io.chatengine.query.view.DirectConversations;
import io.chatengine.query.view.RoomView;
import io.chatengine.schemas.avro.InboxEntry;
import io.chatengine.schemas.avro.RoomEntry;
import io.chatengine.schemas.avro.RoomState;
import io.chatengine.schemas.avro.UserRooms;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * {@code GET /conversations}: answered by the instance that holds the caller (inbox, reads, rooms list), which asks
 * the instances holding the caller's rooms for their summaries and the instances holding the page's peers for
 * what those peers have read. Two endpoints serve those asks between instances ({@code /internal/...}); they
 * answer only for keys held where they are asked, and only what concerns the caller.
 */
public final class ConversationHandlers {
    /** Keys per ask to another instance, so that a request line stays far below the header limit. */
    static final int KEYS_PER_FETCH = 100;
    private final KeyRouter router;
    private final Answers answers;

    public ConversationHandlers(KeyRouter router) {
        this.router = router;
        this.answers = new Answers(router);
    }

    /** {@code GET /conversations?limit=50&before=TIME}: the caller's conversations, latest activity first. */
    public void conversations(HttpServerExchange exchange, Principal caller) throws Exception {
        String user = caller.subject();
        if (!Usernames.isValid(user)) {
            HttpJson.error(exchange, ErrorCode.BAD_REQUEST, "the token's subject is not a user");
            return;
        }
        long before;
        int limit;
        try {
            String at = Answers.query(exchange, "before");
            before = at == null ? Long.MAX_VALUE : Times.parse(at).toEpochMilli();
            limit = Answers.query(exchange, "limit") == null ? Answers.DEFAULT_LIMIT
                    : Integer.parseInt(Answers.query(exchange, "limit"));
        } catch (IllegalArgumentException e) {
            HttpJson.error(exchange, ErrorCode.BAD_REQUEST, "before must be a time, limit a whole number");
            return;
        }
        if (limit < 1 || limit > Answers.MAX_LIMIT) {
            HttpJson.error(exchange, ErrorCode.BAD_REQUEST, "limit must be 1 to " + Answers.MAX_LIMIT);
            return;
        }
        answers.forKey(exchange, QueryTopology.USERS_STORE, user, () -> {
            DirectConversations.Scan direct = DirectConversations.scan(router.local(QueryTopology.HISTORY_STORE),
                    router.local(QueryTopology.READS_STORE), user);
            UserRooms rooms = router.<UserRooms>local(QueryTopology.USER_ROOMS_STORE).get(user);
            List<Conversation.InRoom> inRooms = roomSummaries(exchange, user,
                    rooms == null ? List.of() : rooms.getRooms());
            if (inRooms == null) {
                return;
            }
            List<Conversation> page = ConversationList.page(direct.conversations(), inRooms, before, limit);
            List<String> peers = page.stream().filter(c -> c instanceof Conversation.Direct)
                    .map(Conversation::name).toList();
            Map<String, String> readIds = readsOfPeers(exchange, user, peers);
            if (readIds == null) {
                return;
            }
            List<Conversation> answered = page.stream().map(c -> c instanceof Conversation.Direct d
                    ? d.withTheirRead(direct.theirRead(readIds.get(d.with()))) : c).toList();
            HttpJson.sendRendered(exchange, 200, ConversationsBody.conversations(answered));
        });
    }

    /** {@code GET /internal/room-summaries?rooms=a,b}: the caller's summary of each room held here that it is in. */
    public void roomSummaries(HttpServerExchange exchange, Principal caller) throws Exception {
        answerHeld(exchange, "rooms", "room ids", RoomIds::isValid, QueryTopology.ROOM_STATE_STORE, rooms ->
                HttpJson.sendRendered(exchange, 200,
                        ConversationsBody.roomSummaries(localSummaries(caller.subject(), rooms))));
    }

    /** {@code GET /internal/read-by?peers=a,b}: for each peer held here, the id of the latest message it read. */
    public void readBy(HttpServerExchange exchange, Principal caller) throws Exception {
        answerHeld(exchange, "peers", "usernames", Usernames::isValid, QueryTopology.USERS_STORE, peers ->
                HttpJson.send(exchange, 200, Map.of("reads", localReadIds(caller.subject(), peers))));
    }

    /** Keys, with what an answer does with them. */
    @FunctionalInterface
    private interface KeysAnswer {
        void answer(List<String> keys) throws Exception;
    }

    /**
     * An internal ask: {@code name} lists keys of {@code store} that the asking instance found held here; each must
     * be {@code valid}. Answered from the local stores, or 503 if one is no longer held here.
     */
    private void answerHeld(HttpServerExchange exchange, String name, String what, Predicate<String> valid,
                            String store, KeysAnswer local) throws Exception {
        List<String> keys = list(exchange, name);
        if (keys == null || !keys.stream().allMatch(valid)) {
            HttpJson.error(exchange, ErrorCode.BAD_REQUEST, name + " must list 1 to " + KEYS_PER_FETCH + " " + what);
            return;
        }
        KeyRouter.Placement placement = router.place(store, keys);
        if (placement == null || !placement.there().isEmpty()) {
            Answers.unavailable(exchange); // ownership moved since the asking instance looked
            return;
        }
        try {
            local.answer(keys);
        } catch (InvalidStateStoreException e) {
            Answers.unavailable(exchange);
        }
    }

    /** The caller's rooms as conversations, from here and from the instances that hold them; null once answered. */
    private List<Conversation.InRoom> roomSummaries(HttpServerExchange exchange, String user, List<String> rooms)
            throws Exception {
        List<Conversation.InRoom> found = new ArrayList<>();
        return gather(exchange, QueryTopology.ROOM_STATE_STORE, rooms, "/internal/room-summaries?rooms=",
                here -> found.addAll(localSummaries(user, here)),
                body -> found.addAll(ConversationsBody.parseRoomSummaries(body))) ? found : null;
    }

    /** Per peer, the id of the latest message of its conversation with the user that it read; null once answered. */
    private Map<String, String> readsOfPeers(HttpServerExchange exchange, String user, List<String> peers)
            throws Exception {
        Map<String, String> ids = new HashMap<>();
        return gather(exchange, QueryTopology.USERS_STORE, peers, "/internal/read-by?peers=",
                here -> ids.putAll(localReadIds(user, here)),
                body -> HttpJson.MAPPER.readTree(body).path("reads").fields().forEachRemaining(read -> {
                    JsonNode id = read.getValue();
                    ids.put(read.getKey(), id.isTextual() ? id.asText() : null);
                })) ? ids : null;
    }

    /** A holder's answer, as the body it sent. */
    @FunctionalInterface
    private interface Fetched {
        void take(String body) throws Exception;
    }

    /**
     * Gathers what concerns {@code keys} of {@code store}: those held here through {@code local}, the others asked of
     * their holders at {@code path} in batches. False once the request has been answered: 503 when the keys cannot
     * be placed, a holder's refusal as it came.
     */
    private boolean gather(HttpServerExchange exchange, String store, List<String> keys, String path,
                           KeysAnswer local, Fetched fetched) throws Exception {
        KeyRouter.Placement placement = router.place(store, keys);
        if (placement == null) {
            Answers.unavailable(exchange);
            return false;
        }
        local.answer(placement.here());
        for (Map.Entry<HostInfo, List<String>> there : placement.there().entrySet()) {
            for (List<String> batch : batches(there.getValue())) {
                HttpResponse<String> response = fetch(exchange, there.getKey(), path, batch);
                if (response.statusCode() != 200) {
                    Answers.relay(exchange, response);
                    return false;
                }
                fetched.take(response.body());
            }
        }
        return true;
    }

    private List<Conversation.InRoom> localSummaries(String user, List<String> rooms) {
        ReadOnlyKeyValueStore<String, RoomState> states = router.local(QueryTopology.ROOM_STATE_STORE);
        ReadOnlyKeyValueStore<String, RoomEntry> log = router.local(QueryTopology.ROOM_LOG_STORE);
        ReadOnlyKeyValueStore<String, Long> reads = router.local(QueryTopology.ROOM_READS_STORE);
        List<Conversation.InRoom> found = new ArrayList<>();
        for (String room : rooms) {
            Conversation.InRoom summary = RoomView.summary(log, reads, states.get(room), user);
            if (summary != null) {
                found.add(summary);
            }
        }
        return found;
    }

    /** Each peer's read of its conversation with {@code user}, as a message id (absent: nothing read). */
    private Map<String, String> localReadIds(String user, List<String> peers) {
        ReadOnlyKeyValueStore<String, InboxEntry> history = router.local(QueryTopology.HISTORY_STORE);
        ReadOnlyKeyValueStore<String, Long> reads = router.local(QueryTopology.READS_STORE);
        Map<String, String> ids = new HashMap<>();
        for (String peer : peers) {
            String id = DirectConversations.readBy(history, reads, peer, user);
            if (id != null) {
                ids.put(peer, id);
            }
        }
        return ids;
    }

    private static HttpResponse<String> fetch(HttpServerExchange exchange, HostInfo host, String path,
                                              List<String> keys) throws Exception {
        return KeyRouter.fetch(host, path + URLEncoder.encode(String.join(",", keys), StandardCharsets.UTF_8),
                exchange.getRequestHeaders().getFirst(Headers.AUTHORIZATION));
    }

    private static List<List<String>> batches(List<String> keys) {
        List<List<String>> batches = new ArrayList<>();
        for (int i = 0; i < keys.size(); i += KEYS_PER_FETCH) {
            batches.add(keys.subList(i, Math.min(keys.size(), i + KEYS_PER_FETCH)));
        }
        return batches;
    }

    private static List<String> list(HttpServerExchange exchange, String name) {
        String value = Answers.query(exchange, name);
        List<String> keys = value == null ? List.of() : Arrays.stream(value.split(",")).filter(k -> !k.isEmpty())
                .toList();
        return keys.isEmpty() || keys.size() > KEYS_PER_FETCH ? null : keys;
    }
}
