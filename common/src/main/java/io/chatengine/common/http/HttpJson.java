package io.chatengine.common.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chatengine.common.ErrorCode;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** JSON in and out of Undertow exchanges; error bodies are always {@code {"error": CODE, "message": TEXT}}. */
public final class HttpJson {
    private static final HttpString RETRY_AFTER = new HttpString("Retry-After");
    /** Documents nested deeper than this are refused as they are read (a client's frame or body). */
    public static final int MAX_NESTING = 32;
    public static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING).build())
            .build());

    private HttpJson() {
    }

    public static void send(HttpServerExchange exchange, int status, Object body) {
        byte[] bytes;
        try {
            bytes = MAPPER.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render a response body", e);
        }
        sendBytes(exchange, status, bytes);
    }

    /** A body rendered already (see {@code Bodies}), sent as it is. */
    public static void sendRendered(HttpServerExchange exchange, int status, String json) {
        sendBytes(exchange, status, json.getBytes(StandardCharsets.UTF_8));
    }

    private static void sendBytes(HttpServerExchange exchange, int status, byte[] bytes) {
        exchange.setStatusCode(status);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
        exchange.getResponseSender().send(ByteBuffer.wrap(bytes));
    }

    public static void error(HttpServerExchange exchange, ErrorCode error, String message) {
        send(exchange, error.status(), errorBody(error, message));
    }

    /** 503 with {@code Retry-After: 1}: the refusal is passing (a store rebuilt, a decision late), so retry soon. */
    public static void unavailable(HttpServerExchange exchange, String message) {
        exchange.getResponseHeaders().put(RETRY_AFTER, "1");
        error(exchange, ErrorCode.UNAVAILABLE, message);
    }

    public static ObjectNode errorBody(ErrorCode error, String message) {
        ObjectNode body = MAPPER.createObjectNode();
        body.put("error", error.code());
        body.put("message", message);
        return body;
    }
}
