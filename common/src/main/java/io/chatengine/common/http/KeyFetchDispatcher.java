package io.chatengine.common.http;

import io.chatengine.common.auth.Bearer;
import io.chatengine.common.auth.JwtVerifier;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;

/**
 * Runs the wrapped handler on a worker thread when the request's token may need the JWKS fetched, so that an I/O
 * thread never waits on the identity provider; every other request stays where it is.
 */
public final class KeyFetchDispatcher implements HttpHandler {
    private final JwtVerifier verifier;
    private final HttpHandler next;

    public KeyFetchDispatcher(JwtVerifier verifier, HttpHandler next) {
        this.verifier = verifier;
        this.next = next;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        if (exchange.isInIoThread() && verifier.mayFetchKeys(Bearer.token(exchange))) {
            exchange.dispatch(next);
            return;
        }
        next.handleRequest(exchange);
    }
}
