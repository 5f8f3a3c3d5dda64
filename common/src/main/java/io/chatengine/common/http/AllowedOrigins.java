package io.chatengine.common.http;

import io.chatengine.common.config.ConfigException;
import io.chatengine.common.config.Env;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The web origins whose pages may use a service ({@code CHAT_ALLOWED_ORIGINS}, a comma list of
 * {@code scheme://host[:port]}, or {@code *} for any). Unset, a service allows only its own origin:
 * {@code http://} or {@code https://} followed by the request's {@code Host} header as the client sent it, so a
 * page served by a gateway may open that gateway's WebSocket. Origins are compared without case and without a
 * trailing slash; the opaque origin {@code null} is allowed only when listed.
 */
public final class AllowedOrigins {
    private final Set<String> listed;

    private AllowedOrigins(Set<String> listed) {
        this.listed = listed;
    }

    public static AllowedOrigins from(Env env) {
        return env.optional("CHAT_ALLOWED_ORIGINS").map(AllowedOrigins::of).orElse(ownOnly());
    }

    public static AllowedOrigins ownOnly() {
        return new AllowedOrigins(Set.of());
    }

    public static AllowedOrigins of(String commaList) {
        Set<String> origins = Arrays.stream(commaList.split(",")).map(AllowedOrigins::normal)
                .filter(origin -> !origin.isEmpty()).collect(Collectors.toUnmodifiableSet());
        for (String origin : origins) {
            if (!origin.equals("*") && !origin.equals("null") && !origin.matches("https?://[^/?#\\s]+")) {
                throw new ConfigException("CHAT_ALLOWED_ORIGINS: '" + origin + "' is not scheme://host[:port] or *");
            }
        }
        return new AllowedOrigins(origins);
    }

    /** The request's {@code Origin}, or null when it has none (a client that is not a browser). */
    public static String origin(HttpServerExchange exchange) {
        return exchange.getRequestHeaders().getFirst(Headers.ORIGIN);
    }

    /** Whether a request from this origin may proceed; {@code host} is the request's Host header. */
    public boolean allows(String origin, String host) {
        String asked = normal(origin);
        if (listed.isEmpty()) {
            String own = host == null ? "" : host.strip().toLowerCase(Locale.ROOT);
            return !own.isEmpty() && (asked.equals("http://" + own) || asked.equals("https://" + own));
        }
        return listed.contains("*") || listed.contains(asked);
    }

    /** Whether the exchange may proceed: no Origin at all, or an allowed one. */
    public boolean allows(HttpServerExchange exchange) {
        String origin = origin(exchange);
        return origin == null || allows(origin, exchange.getRequestHeaders().getFirst(Headers.HOST));
    }

    private static String normal(String origin) {
        String trimmed = origin.strip().toLowerCase(Locale.ROOT);
        return trimmed.endsWith("/") ? trimmed.substring(0, trimmed.length() - 1) : trimmed;
    }
}
