package io.chatengine.common.http;

import io.chatengine.common.ErrorCode;
import io.chatengine.common.auth.Bearer;
import io.chatengine.common.auth.JwtVerifier;
import io.chatengine.common.auth.Principal;
import io.chatengine.common.auth.TokenRejected;
import io.chatengine.common.ops.RefusalLog;
import io.undertow.server.HttpServerExchange;
import org.slf4j.LoggerFactory;

/**
 * Authenticates an HTTP request by its bearer token. On refusal it answers 401 itself, logs the reason and
 * returns null; the client learns only {@code invalid_token} or {@code token_expired}.
 */
public final class Authenticator {
    private static final RefusalLog REFUSALS = new RefusalLog(LoggerFactory.getLogger(Authenticator.class));
    private final JwtVerifier verifier;

    public Authenticator(JwtVerifier verifier) {
        this.verifier = verifier;
    }

    public Principal authenticate(HttpServerExchange exchange) {
        try {
            return verifier.verify(Bearer.token(exchange));
        } catch (TokenRejected rejected) {
            ErrorCode code = rejected.expired() ? ErrorCode.TOKEN_EXPIRED : ErrorCode.INVALID_TOKEN;
            REFUSALS.refused(code.code(), exchange.getRequestMethod() + " " + exchange.getRequestPath() + " from "
                    + exchange.getSourceAddress() + ": " + rejected.getMessage());
            HttpJson.error(exchange, code, rejected.expired() ? "the token has expired" : "the token is not valid");
            return null;
        }
    }

    /** Like {@link #authenticate} but also answers 403 and returns null for a valid non-admin token. */
    public Principal admin(HttpServerExchange exchange) {
        Principal principal = authenticate(exchange);
        if (principal != null && !principal.admin()) {
            REFUSALS.refused("not_admin", exchange.getRequestMethod() + " " + exchange.getRequestPath() + " for "
                    + principal.subject());
            HttpJson.error(exchange, ErrorCode.FORBIDDEN, "this needs an admin token");
            return null;
        }
        return principal;
    }

    public JwtVerifier verifier() {
        return verifier;
    }
}
