package io.chatengine.query.http;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;

/** Lets pages served by a gateway (another origin) call the query API with a bearer token. */
public final class Cors implements HttpHandler {
    private final HttpHandler next;

    public Cors(HttpHandler next) {
        this.next = next;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        exchange.getResponseHeaders().put(new HttpString("Access-Control-Allow-Origin"), "*");
        if (exchange.getRequestMethod().equals(Methods.OPTIONS)) {
            exchange.getResponseHeaders().put(new HttpString("Access-Control-Allow-Headers"), "Authorization, Content-Type");
            exchange.getResponseHeaders().put(new HttpString("Access-Control-Allow-Methods"), "GET, OPTIONS");
            exchange.getResponseHeaders().put(new HttpString("Access-Control-Max-Age"), "600");
            exchange.setStatusCode(204);
            exchange.endExchange();
            return;
        }
        next.handleRequest(exchange);
    }
}
