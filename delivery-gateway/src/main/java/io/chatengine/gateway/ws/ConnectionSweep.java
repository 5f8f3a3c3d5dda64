package io.chatengine.gateway.ws;

import io.chatengine.common.protocol.CloseCodes;
import java.time.Duration;

/** Run once a second: closes connections whose token expired or that went silent, and pings those due. */
public final class ConnectionSweep implements Runnable {
    private final Connections connections;
    private final Duration idle;
    private final Duration ping;

    public ConnectionSweep(Connections connections, Duration idle, Duration ping) {
        this.connections = connections;
        this.idle = idle;
        this.ping = ping;
    }

    @Override
    public void run() {
        long nowMillis = System.currentTimeMillis();
        long nowNanos = System.nanoTime();
        for (Connection connection : connections.all()) {
            if (connection.expiresAtMillis() <= nowMillis) {
                connection.close(CloseCodes.TOKEN_EXPIRED, "token expired");
            } else if (nowNanos - connection.lastHeardNanos() > idle.toNanos()) {
                connection.close(CloseCodes.NORMAL, "idle");
            } else {
                connection.pingIfDue(nowNanos, ping.toNanos());
            }
        }
    }
}
