package io.chatengine.gateway.publish;

/**
 * Whether presence-stream may have taken this gateway for dead. presence-stream drops a gateway's connections
 * when its newest heartbeat is older than the gateway timeout; while Kafka cannot take this gateway's heartbeats,
 * that happens although the gateway and its sockets are fine. When a heartbeat is written after none was for
 * longer than the timeout, the gateway's connections must be announced again.
 */
public final class HeartbeatLapse {
    private final long timeoutMs;
    private long newestWrittenAt;

    /** @param startedAt when the gateway's first heartbeat was written */
    public HeartbeatLapse(long timeoutMs, long startedAt) {
        this.timeoutMs = timeoutMs;
        this.newestWrittenAt = startedAt;
    }

    /**
     * A heartbeat made at {@code madeAt} was acknowledged at {@code writtenAt} (epoch millis). True when, until
     * then, the newest heartbeat in Kafka was older than the timeout.
     */
    public synchronized boolean written(long madeAt, long writtenAt) {
        boolean lapsed = writtenAt - newestWrittenAt > timeoutMs;
        newestWrittenAt = Math.max(newestWrittenAt, madeAt);
        return lapsed;
    }
}
