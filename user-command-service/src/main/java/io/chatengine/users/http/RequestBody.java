package io.chatengine.users.http;

import io.chatengine.common.ErrorCode;
import io.chatengine.common.http.HttpJson;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.RequestTooBigException;
import java.util.function.BiConsumer;

/** Reads a request body of at most a given size, without blocking: over it, {@code 413 too_large}. */
final class RequestBody {
    private RequestBody() {
    }

    static void receive(HttpServerExchange exchange, int maxBytes, BiConsumer<HttpServerExchange, byte[]> then) {
        if (exchange.getRequestContentLength() > maxBytes) {
            HttpJson.error(exchange, ErrorCode.TOO_LARGE, "the body is over " + maxBytes + " bytes");
            return;
        }
        exchange.setMaxEntitySize(maxBytes);
        exchange.getRequestReceiver().receiveFullBytes(then::accept,
                (ex, error) -> HttpJson.error(ex, error instanceof RequestTooBigException ? ErrorCode.TOO_LARGE
                        : ErrorCode.BAD_REQUEST, "the body could not be read (at most " + maxBytes + " bytes)"));
    }
}
