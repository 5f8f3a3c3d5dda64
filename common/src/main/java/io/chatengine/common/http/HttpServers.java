package io.chatengine.common.http;

import io.chatengine.common.ErrorCode;
import io.undertow.Handlers;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.HttpHandler;
import io.undertow.server.handlers.PathHandler;
import java.net.InetSocketAddress;
import org.xnio.Options;

/**
 * The HTTP server every service runs, held to {@link HttpSettings} so that hostile clients cannot hold it: a
 * request head parsed within the parse timeout (a client that trickles it is cut off), connections idle between
 * requests closed, heads over the header limit answered 431 and bodies over the body limit 413, and at most so
 * many connections at once. Undertow's defaults are 1 MiB of headers, no timeouts and no connection cap.
 *
 * <p>Undertow itself answers an over-long head with a bare 400 and closes the connection, once it has read
 * {@value #HEAD_CEILING}× the header limit; below that ceiling the head is parsed and {@link RequestLimits}
 * answers 431 with a JSON body. Beyond the connection cap the listener stops accepting (XNIO's high water mark,
 * shared among the I/O threads) and resumes below nine tenths of it.
 */
public final class HttpServers {
    /**
     * How many times the header limit Undertow reads before it gives up on a head with a bare 400: what a
     * connection may make the server hold while its head is parsed.
     */
    public static final int HEAD_CEILING = 4;

    private HttpServers() {
    }

    /** The port a started server listens on (the one the system chose, for port 0). */
    public static int port(Undertow server) {
        return ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
    }

    /** A server's stop, as something to close, for {@code Service.closeInOrder}; null for no server. */
    public static AutoCloseable stopping(Undertow server) {
        return server == null ? null : server::stop;
    }

    /** Routes by path, answering a path no route takes 404 with the JSON error body every endpoint uses. */
    public static PathHandler paths() {
        return Handlers.path(exchange -> HttpJson.error(exchange, ErrorCode.NOT_FOUND, "no such endpoint"));
    }

    /** A server on {@code host:port} (0: any free port), not started yet. */
    public static Undertow on(String host, int port, HttpSettings settings, HttpHandler handler) {
        return Undertow.builder()
                .addHttpListener(port, host)
                .setServerOption(UndertowOptions.MAX_HEADER_SIZE, settings.maxHeaderBytes() * HEAD_CEILING)
                .setServerOption(UndertowOptions.MAX_ENTITY_SIZE, (long) settings.maxBodyBytes())
                .setServerOption(UndertowOptions.REQUEST_PARSE_TIMEOUT, (int) settings.parseTimeout().toMillis())
                .setServerOption(UndertowOptions.NO_REQUEST_TIMEOUT, (int) settings.idleTimeout().toMillis())
                .setSocketOption(Options.CONNECTION_HIGH_WATER, settings.maxConnections())
                .setSocketOption(Options.CONNECTION_LOW_WATER, settings.maxConnections() * 9 / 10)
                .setHandler(new RequestLimits(settings.maxHeaderBytes(), settings.maxBodyBytes(), handler))
                .build();
    }
}
