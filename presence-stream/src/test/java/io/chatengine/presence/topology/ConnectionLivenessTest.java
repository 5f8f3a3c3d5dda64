package io.chatengine.presence.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.chatengine.presence.topology.ConnectionLiveness.Liveness;
import io.chatengine.schemas.avro.GatewayHeartbeat;
import io.chatengine.schemas.avro.LiveConnection;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ConnectionLivenessTest {
    private static final long TIMEOUT = 6_000;
    private static final long OPENED = 1_000_000;
    private final ConnectionLiveness policy = new ConnectionLiveness(TIMEOUT);
    private final LiveConnection connection = new LiveConnection("gw-1", 1L, "c-1", Instant.ofEpochMilli(OPENED));

    @Test
    void aConnectionWhoseGatewayHeartbeatsUnderItsEpochIsConfirmed() {
        assertEquals(Liveness.CONFIRMED, policy.of(connection, heartbeat(1, OPENED + 50_000, false), OPENED + 52_000));
    }

    @Test
    void aNewerEpochEndsItAtOnce() {
        assertEquals(Liveness.DEAD, policy.of(connection, heartbeat(2, OPENED, false), OPENED));
    }

    @Test
    void aStoppingGatewayEndsItAtOnce() {
        assertEquals(Liveness.DEAD, policy.of(connection, heartbeat(1, OPENED, true), OPENED));
    }

    @Test
    void withoutAHeartbeatAYoungConnectionIsOnGraceUntilTheTimeout() {
        assertEquals(Liveness.GRACE, policy.of(connection, null, OPENED + TIMEOUT));
        assertEquals(Liveness.DEAD, policy.of(connection, null, OPENED + TIMEOUT + 1));
        assertEquals(OPENED + TIMEOUT + 1, policy.graceEndsAt(connection));
    }

    @Test
    void aSilentGatewayLeavesOnlyTheGrace() {
        GatewayHeartbeat stale = heartbeat(1, OPENED - 20_000, false);
        assertEquals(Liveness.GRACE, policy.of(connection, stale, OPENED + 1_000));
        assertEquals(Liveness.DEAD, policy.of(connection, stale, OPENED + 10_000));
    }

    @Test
    void aConnectionOfAnEpochNewerThanTheHeartbeatWaitsForItsFirstHeartbeat() {
        LiveConnection newer = new LiveConnection("gw-1", 2L, "c-2", Instant.ofEpochMilli(OPENED));
        assertEquals(Liveness.GRACE, policy.of(newer, heartbeat(1, OPENED, false), OPENED + 100));
    }

    private static GatewayHeartbeat heartbeat(long epoch, long at, boolean stopping) {
        return new GatewayHeartbeat("gw-1", epoch, Instant.ofEpochMilli(at), stopping);
    }
}
