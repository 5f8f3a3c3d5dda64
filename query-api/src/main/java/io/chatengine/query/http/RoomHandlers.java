package io.chatengine.query.http;

import io.chatengine.common.ErrorCode;
import io.chatengine.common.RoomIds;
import io.chatengine.common.auth.Principal;
import io.chatengine.common.http.HttpJson;
import io.chatengine.common.protocol.Bodies;
import io.chatengine.common.users.Accounts;
import io.chatengine.query.topology.QueryTopology;
import io.chatengine.query.view.RoomView;
import io.chatengine.schemas.avro.RoomEntry;
import io.chatengine.schemas.avro.RoomState;
import io.undertow.server.HttpServerExchange;
import java.util.OptionalLong;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * {@code GET /rooms/{room}} and {@code GET /rooms/{room}/messages}, answered by the instance that holds the room's
 * partition (its state, log and reads live together). A caller who may not read the room, or a room that does not
 * exist, is answered 404 alike: a room's existence is not revealed to outsiders.
 */
public final class RoomHandlers {
    private final KeyRouter router;
    private final Answers answers;
    private final Accounts accounts;

    public RoomHandlers(KeyRouter router, Accounts accounts) {
        this.router = router;
        this.answers = new Answers(router);
        this.accounts = accounts;
    }

    /** The room with each member's read position and whether the member's account is active. */
    public void room(HttpServerExchange exchange, Principal caller) throws Exception {
        String room = room(exchange);
        if (room == null) {
            return;
        }
        answers.forKey(exchange, QueryTopology.ROOM_STATE_STORE, room, () -> {
            RoomState state = router.<RoomState>local(QueryTopology.ROOM_STATE_STORE).get(room);
            if (RoomView.floor(state, caller.subject(), caller.admin()).isEmpty()) {
                notFound(exchange, room);
                return;
            }
            long latest = RoomView.latestSeq(router.local(QueryTopology.ROOM_LOG_STORE), state);
            ReadOnlyKeyValueStore<String, Long> reads = router.local(QueryTopology.ROOM_READS_STORE);
            HttpJson.sendRendered(exchange, 200, Bodies.room(state, latest,
                    member -> RoomView.readOf(reads, room, member, latest),
                    member -> accounts.status(member) == Accounts.Status.ACTIVE));
        });
    }

    /** The room's frames newest first, from what the caller may read ({@code joined} history: from its since). */
    public void messages(HttpServerExchange exchange, Principal caller) throws Exception {
        String room = room(exchange);
        if (room == null) {
            return;
        }
        Answers.SeqPage page = Answers.SeqPage.of(exchange);
        if (page == null) {
            return;
        }
        answers.forKey(exchange, QueryTopology.ROOM_STATE_STORE, room, () -> {
            RoomState state = router.<RoomState>local(QueryTopology.ROOM_STATE_STORE).get(room);
            OptionalLong floor = RoomView.floor(state, caller.subject(), caller.admin());
            if (floor.isEmpty()) {
                notFound(exchange, room);
                return;
            }
            ReadOnlyKeyValueStore<String, RoomEntry> log = router.local(QueryTopology.ROOM_LOG_STORE);
            HttpJson.sendRendered(exchange, 200, Bodies.roomHistory(
                    RoomView.history(log, room, floor.getAsLong(), page.before(), page.limit())));
        });
    }

    private static String room(HttpServerExchange exchange) {
        String room = Answers.pathParameter(exchange, "room");
        if (RoomIds.isValid(room)) {
            return room;
        }
        HttpJson.error(exchange, ErrorCode.INVALID_ROOM, "not a valid room id");
        return null;
    }

    private static void notFound(HttpServerExchange exchange, String room) {
        HttpJson.error(exchange, ErrorCode.NOT_FOUND, "no such room: " + room);
    }
}
