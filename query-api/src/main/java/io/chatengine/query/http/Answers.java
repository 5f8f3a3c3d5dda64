package io.chatengine.query.http;

import io.chatengine.common.ErrorCode;
import io.chatengine.common.Usernames;
import io.chatengine.common.http.HttpJson;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.PathTemplateMatch;
import java.net.http.HttpResponse;
import java.util.Deque;
import org.apache.kafka.streams.errors.InvalidStateStoreException;

/**
 * How the query endpoints answer: from the local stores when the key is held here, else by relaying the answer
 * of the instance that holds it; and the request parameters they share.
 */
final class Answers {
    static final int MAX_LIMIT = 500;
    static final int DEFAULT_LIMIT = 50;
    private final KeyRouter router;

    Answers(KeyRouter router) {
        this.router = router;
    }

    @FunctionalInterface
    interface LocalAnswer {
        void run() throws Exception;
    }

    /** Runs {@code local} when {@code store}'s key is held here; otherwise relays the holder's answer. */
    void forKey(HttpServerExchange exchange, String store, String key, LocalAnswer local) throws Exception {
        KeyRouter.Owner owner = router.owner(store, key);
        try {
            if (owner instanceof KeyRouter.Owner.Here) {
                local.run();
                return;
            }
        } catch (InvalidStateStoreException e) {
            unavailable(exchange);
            return;
        }
        if (owner instanceof KeyRouter.Owner.There there && !KeyRouter.forwarded(exchange)) {
            String path = exchange.getRequestURI()
                    + (exchange.getQueryString().isEmpty() ? "" : "?" + exchange.getQueryString());
            relay(exchange, KeyRouter.fetch(there.host(), path,
                    exchange.getRequestHeaders().getFirst(Headers.AUTHORIZATION)));
            return;
        }
        unavailable(exchange);
    }

    static void relay(HttpServerExchange exchange, HttpResponse<String> response) {
        exchange.setStatusCode(response.statusCode());
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE,
                response.headers().firstValue("Content-Type").orElse("application/json"));
        exchange.getResponseSender().send(response.body());
    }

    static void unavailable(HttpServerExchange exchange) {
        HttpJson.unavailable(exchange, "the state is being rebuilt; retry shortly");
    }

    static String pathParameter(HttpServerExchange exchange, String name) {
        return exchange.getAttachment(PathTemplateMatch.ATTACHMENT_KEY).getParameters().get(name);
    }

    static String query(HttpServerExchange exchange, String name) {
        Deque<String> values = exchange.getQueryParameters().get(name);
        return values == null || values.isEmpty() || values.getFirst().isEmpty() ? null : values.getFirst();
    }

    /** {@code before=SEQ&limit=N} of a history: before at least 1 (absent: all), limit 1 to 500 (absent: 50). */
    record SeqPage(long before, int limit) {
        /** The page asked for, or null once the request has been answered 400. */
        static SeqPage of(HttpServerExchange exchange) {
            long before;
            int limit;
            try {
                before = query(exchange, "before") == null ? Long.MAX_VALUE : Long.parseLong(query(exchange, "before"));
                limit = query(exchange, "limit") == null ? DEFAULT_LIMIT : Integer.parseInt(query(exchange, "limit"));
            } catch (NumberFormatException e) {
                HttpJson.error(exchange, ErrorCode.BAD_REQUEST, "before and limit must be whole numbers");
                return null;
            }
            if (before < 1 || limit < 1 || limit > MAX_LIMIT) {
                HttpJson.error(exchange, ErrorCode.BAD_REQUEST, "before must be at least 1, limit 1 to " + MAX_LIMIT);
                return null;
            }
            return new SeqPage(before, limit);
        }
    }

    /** Whether {@code username} is a valid username; if not, answers 400 invalid_username. */
    static boolean validUsername(HttpServerExchange exchange, String username) {
        if (Usernames.isValid(username)) {
            return true;
        }
        HttpJson.error(exchange, ErrorCode.INVALID_USERNAME, "not a valid username");
        return false;
    }
}
