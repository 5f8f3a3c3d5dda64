package io.chatengine.common.http;

import io.chatengine.common.ErrorCode;
import io.chatengine.common.auth.Principal;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import java.util.List;
import java.util.stream.Collectors;

/**
 * One HTTP endpoint: the methods it answers, who may call it, and what it does for that caller. The method check
 * (405 with {@code Allow}) and authentication (401, or 403 for a non-admin or deactivated caller, answered by
 * {@link Authenticator}) happen here, once, so an endpoint's own code starts with a caller it may serve.
 */
public final class Endpoint implements HttpHandler {
    /** What an endpoint does once the method and the caller are known. */
    @FunctionalInterface
    public interface Action {
        /** @param caller who called; null for an endpoint open to anyone */
        void handle(HttpServerExchange exchange, Principal caller) throws Exception;
    }

    private enum Callers { ANYONE, USERS, ADMINS }

    private final List<HttpString> methods;
    private final Callers callers;
    private final Authenticator auth;
    private final Action action;

    private Endpoint(List<HttpString> methods, Callers callers, Authenticator auth, Action action) {
        this.methods = methods;
        this.callers = callers;
        this.auth = auth;
        this.action = action;
    }

    /** Anyone may call it, with one of the methods. */
    public static Endpoint open(HttpHandler handler, HttpString... methods) {
        return new Endpoint(List.of(methods), Callers.ANYONE, null, (exchange, caller) -> handler.handleRequest(exchange));
    }

    /** Any caller with a valid token (of an active user, or an admin). */
    public static Endpoint forUsers(Authenticator auth, HttpString method, Action action) {
        return new Endpoint(List.of(method), Callers.USERS, auth, action);
    }

    /** Callers with an admin token only. */
    public static Endpoint forAdmins(Authenticator auth, HttpString method, Action action) {
        return new Endpoint(List.of(method), Callers.ADMINS, auth, action);
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        if (!methods.contains(exchange.getRequestMethod())) {
            String allowed = methods.stream().map(HttpString::toString).collect(Collectors.joining(", "));
            exchange.getResponseHeaders().put(Headers.ALLOW, allowed);
            HttpJson.error(exchange, ErrorCode.METHOD_NOT_ALLOWED, "use " + allowed);
            return;
        }
        Principal caller = switch (callers) {
            case ANYONE -> null;
            case USERS -> auth.authenticate(exchange);
            case ADMINS -> auth.admin(exchange);
        };
        if (caller == null && callers != Callers.ANYONE) {
            return; // refused, and answered, by the authenticator
        }
        action.handle(exchange, caller);
    }
}
