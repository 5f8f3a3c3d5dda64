package io.chatengine.common.http;

import io.chatengine.common.ErrorCode;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderValues;

/**
 * Refuses a request whose head is over the header limit (431) or whose declared body is over the body limit
 * (413), before any handler sees it; a body that comes without a length is cut off at the limit as it is read.
 */
final class RequestLimits implements HttpHandler {
    private final int maxHeaderBytes;
    private final int maxBodyBytes;
    private final HttpHandler next;

    RequestLimits(int maxHeaderBytes, int maxBodyBytes, HttpHandler next) {
        this.maxHeaderBytes = maxHeaderBytes;
        this.maxBodyBytes = maxBodyBytes;
        this.next = next;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        if (headBytes(exchange) > maxHeaderBytes) {
            exchange.setPersistent(false);
            HttpJson.error(exchange, ErrorCode.HEADERS_TOO_LARGE,
                    "the request line and headers are over " + maxHeaderBytes + " bytes");
            return;
        }
        if (exchange.getRequestContentLength() > maxBodyBytes) {
            exchange.setPersistent(false);
            HttpJson.error(exchange, ErrorCode.TOO_LARGE, "the body is over " + maxBodyBytes + " bytes");
            return;
        }
        exchange.setMaxEntitySize(maxBodyBytes);
        next.handleRequest(exchange);
    }

    /** The size of the head as the client sent it: request line, each header line, the blank line. */
    private static long headBytes(HttpServerExchange exchange) {
        long bytes = exchange.getRequestMethod().length() + exchange.getRequestURI().length()
                + exchange.getQueryString().length() + 1 + exchange.getProtocol().length() + 4 + 2;
        for (HeaderValues header : exchange.getRequestHeaders()) {
            for (String value : header) {
                bytes += header.getHeaderName().length() + 2 + value.length() + 2;
            }
        }
        return bytes;
    }
}
