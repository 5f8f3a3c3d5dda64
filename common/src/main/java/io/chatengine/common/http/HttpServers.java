package io.chatengine.common.http;

import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.HttpHandler;
import java.time.Duration;

/**
 * The HTTP server every service runs, with the limits that keep hostile clients from holding it: request
 * headers of at most {@value #MAX_HEADER_BYTES} bytes, a request's head parsed within {@link #PARSE_TIMEOUT}
 * (a client that trickles it is cut off), and connections idle between requests closed after
 * {@link #IDLE_TIMEOUT}. Undertow's defaults are 1 MiB of headers and no timeouts at all.
 */
public final class HttpServers {
    public static final int MAX_HEADER_BYTES = 16 * 1024;
    public static final Duration PARSE_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration IDLE_TIMEOUT = Duration.ofSeconds(60);

    private HttpServers() {
    }

    /** A server on {@code host:port} (0: any free port), not started yet. */
    public static Undertow on(String host, int port, HttpHandler handler) {
        return Undertow.builder()
                .addHttpListener(port, host)
                .setServerOption(UndertowOptions.MAX_HEADER_SIZE, MAX_HEADER_BYTES)
                .setServerOption(UndertowOptions.REQUEST_PARSE_TIMEOUT, (int) PARSE_TIMEOUT.toMillis())
                .setServerOption(UndertowOptions.NO_REQUEST_TIMEOUT, (int) IDLE_TIMEOUT.toMillis())
                .setHandler(handler)
                .build();
    }
}
