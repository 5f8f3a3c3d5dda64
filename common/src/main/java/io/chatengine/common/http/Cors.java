package io.chatengine.common.http;

import io.chatengine.common.ErrorCode;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;

/**
 * Lets pages of the allowed origins (a gateway's web page, typically another origin) call an API with a bearer
 * token (query-api's reads, user-command-service's room commands): the answer names the page's origin, never {@code *}, and pages of other origins get no CORS
 * headers, so browsers keep the answer from them. A preflight from such a page gets 403 forbidden_origin.
 */
public final class Cors implements HttpHandler {
    private final AllowedOrigins origins;
    private final String methods;
    private final HttpHandler next;

    /** @param methods what a preflight allows, for instance {@code "GET, OPTIONS"} */
    public Cors(AllowedOrigins origins, String methods, HttpHandler next) {
        this.origins = origins;
        this.methods = methods;
        this.next = next;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        String origin = AllowedOrigins.origin(exchange);
        boolean allowed = origin != null && origins.allows(exchange);
        if (origin != null) {
            exchange.getResponseHeaders().add(Headers.VARY, "Origin");
        }
        if (allowed) {
            exchange.getResponseHeaders().put(new HttpString("Access-Control-Allow-Origin"), origin);
        }
        if (exchange.getRequestMethod().equals(Methods.OPTIONS)) {
            if (!allowed) {
                HttpJson.error(exchange, ErrorCode.FORBIDDEN_ORIGIN, "pages of this origin may not call this API");
                return;
            }
            exchange.getResponseHeaders().put(new HttpString("Access-Control-Allow-Headers"), "Authorization, Content-Type");
            exchange.getResponseHeaders().put(new HttpString("Access-Control-Allow-Methods"), methods);
            exchange.getResponseHeaders().put(new HttpString("Access-Control-Max-Age"), "600");
            exchange.setStatusCode(204);
            exchange.endExchange();
            return;
        }
        next.handleRequest(exchange);
    }
}
