package io.chatengine.presence.topology;

import io.chatengine.schemas.avro.GatewayHeartbeat;
import io.chatengine.schemas.avro.LiveConnection;

/**
 * Whether a connection still counts, from its gateway's latest heartbeat. A connection is confirmed while its
 * gateway heartbeats under the same epoch and is not stopping. A connection younger than the timeout is on
 * grace while its gateway is not confirmed, so a heartbeat still on its way does not drop it; a newer epoch or
 * a stopping gateway ends it at once.
 */
record ConnectionLiveness(long gatewayTimeoutMs) {

    enum Liveness { CONFIRMED, GRACE, DEAD }

    Liveness of(LiveConnection connection, GatewayHeartbeat heartbeat, long now) {
        boolean sameEpoch = heartbeat != null && heartbeat.getEpoch() == connection.getEpoch();
        if (heartbeat != null && (heartbeat.getEpoch() > connection.getEpoch()
                || sameEpoch && heartbeat.getStopping())) {
            return Liveness.DEAD;
        }
        if (sameEpoch && heartbeating(heartbeat, now)) {
            return Liveness.CONFIRMED;
        }
        return now < graceEndsAt(connection) ? Liveness.GRACE : Liveness.DEAD;
    }

    boolean heartbeating(GatewayHeartbeat heartbeat, long now) {
        return !heartbeat.getStopping() && now - heartbeat.getAt().toEpochMilli() <= gatewayTimeoutMs;
    }

    /** When a connection not confirmed by its gateway stops counting. */
    long graceEndsAt(LiveConnection connection) {
        return connection.getAt().toEpochMilli() + gatewayTimeoutMs + 1;
    }
}
