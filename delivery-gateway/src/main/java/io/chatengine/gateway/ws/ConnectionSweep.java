package io.chatengine.gateway.ws;

import io.chatengine.common.kafka.KafkaProps;
import io.chatengine.common.protocol.Disconnect;
import java.time.Duration;

/**
 * Run once a second: closes connections whose token expired or that went silent, tells those whose token expires
 * within a minute, pings those due, and answers {@code unavailable} to sends whose answer is later than
 * {@link KafkaProps#ANSWER_WITHIN}.
 */
public final class ConnectionSweep implements Runnable {
    /** A send's answer is late this long after it was read: with a sweep a second, it is answered in time. */
    private static final Duration ANSWER_LATE = KafkaProps.ANSWER_WITHIN.minusSeconds(1);
    /** How long before its token expires a connection is told so, to refresh it in time. */
    static final Duration EXPIRY_NOTICE = Duration.ofSeconds(60);
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
                connection.close(Disconnect.TOKEN_EXPIRED);
            } else if (nowNanos - connection.lastHeardNanos() > idle.toNanos()) {
                connection.close(Disconnect.IDLE);
            } else {
                connection.warnIfExpiring(nowMillis, EXPIRY_NOTICE.toMillis());
                connection.pingIfDue(nowNanos, ping.toNanos());
                for (AwaitedAnswers.Awaited late : connection.answers().overdue(nowNanos, ANSWER_LATE.toNanos())) {
                    connection.send(AwaitedAnswers.unavailable(late));
                }
            }
        }
    }
}
