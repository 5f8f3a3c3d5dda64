package io.chatengine.common.http;

import io.chatengine.common.ErrorCode;
import io.chatengine.common.auth.Bearer;
import io.chatengine.common.auth.JwtVerifier;
import io.chatengine.common.auth.Principal;
import io.chatengine.common.auth.TokenRejected;
import io.chatengine.common.ops.RefusalLog;
import io.undertow.server.HttpServerExchange;
import java.util.function.Predicate;
import org.slf4j.LoggerFactory;

/**
 * Authenticates an HTTP request by its bearer token. On refusal it answers itself (401, or 403 for a deactivated
 * user), logs the reason and returns null; the client learns only {@code invalid_token}, {@code token_expired}
 * or {@code forbidden}.
 */
public final class Authenticator {
    private static final RefusalLog REFUSALS = new RefusalLog(LoggerFactory.getLogger(Authenticator.class));
    private final JwtVerifier verifier;
    private final Predicate<String> deactivated;

    /** For endpoints that need an admin token only: a user token cannot do anything there. */
    public Authenticator(JwtVerifier verifier) {
        this(verifier, user -> false);
    }

    /** @param deactivated whether a username is deactivated: its still valid tokens are refused with 403 */
    public Authenticator(JwtVerifier verifier, Predicate<String> deactivated) {
        this.verifier = verifier;
        this.deactivated = deactivated;
    }

    public Principal authenticate(HttpServerExchange exchange) {
        Principal principal;
        try {
            principal = verifier.verify(Bearer.token(exchange));
        } catch (TokenRejected rejected) {
            ErrorCode code = rejected.expired() ? ErrorCode.TOKEN_EXPIRED : ErrorCode.INVALID_TOKEN;
            REFUSALS.refused(code.code(), exchange.getRequestMethod() + " " + exchange.getRequestPath() + " from "
                    + exchange.getSourceAddress() + ": " + rejected.getMessage());
            HttpJson.error(exchange, code, rejected.expired() ? "the token has expired" : "the token is not valid");
            return null;
        }
        if (!principal.admin() && deactivated.test(principal.subject())) {
            REFUSALS.refused("deactivated", exchange.getRequestMethod() + " " + exchange.getRequestPath() + " for "
                    + principal.subject());
            HttpJson.error(exchange, ErrorCode.FORBIDDEN, "the user is deactivated");
            return null;
        }
        return principal;
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
}
