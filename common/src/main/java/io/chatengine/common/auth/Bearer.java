package io.chatengine.common.auth;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.util.Deque;

/** Finds the token of a request: {@code Authorization: Bearer T}, else the {@code access_token} parameter. */
public final class Bearer {
    private static final String PREFIX = "Bearer ";

    private Bearer() {
    }

    public static String token(HttpServerExchange exchange) {
        String header = exchange.getRequestHeaders().getFirst(Headers.AUTHORIZATION);
        if (header != null && header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            return header.substring(PREFIX.length()).strip();
        }
        Deque<String> param = exchange.getQueryParameters().get("access_token");
        return param == null || param.isEmpty() ? null : param.getFirst();
    }
}
