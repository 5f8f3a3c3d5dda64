package io.chatengine.presence.topology;

import io.chatengine.presence.topology.ConnectionLiveness.Liveness;
import io.chatengine.schemas.avro.ConnectionEvent;
import io.chatengine.schemas.avro.GatewayHeartbeat;
import io.chatengine.schemas.avro.LiveConnection;
import io.chatengine.schemas.avro.Presence;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Every user's live connections, kept in the user's presence row: one write per open or close is both the
 * registry and the published presence (the store's changelog is the presence topic).
 */
final class LiveConnections {
    private final KeyValueStore<String, Presence> presence;
    private final ReadOnlyKeyValueStore<String, GatewayHeartbeat> gateways;
    private final ConnectionLiveness liveness;
    /** Gateway states at the last full read of the connections; null after a start, so the first one reads. */
    private Map<String, String> gatewaysAtLastScan;
    /** When a connection's grace ends and the connections must be read again, whatever the gateways do. */
    private long recheckAt = Long.MAX_VALUE;

    LiveConnections(KeyValueStore<String, Presence> presence, ReadOnlyKeyValueStore<String, GatewayHeartbeat> gateways,
                    ConnectionLiveness liveness) {
        this.presence = presence;
        this.gateways = gateways;
        this.liveness = liveness;
    }

    void open(String user, ConnectionEvent event, long now) {
        LiveConnection connection = new LiveConnection(event.getGateway(), event.getEpoch(), event.getConnection(),
                event.getAt());
        if (liveness.of(connection, gateways.get(connection.getGateway()), now) != Liveness.CONFIRMED) {
            recheckAt = Math.min(recheckAt, liveness.graceEndsAt(connection)); // not yet counted by its gateway
        }
        List<LiveConnection> live = new ArrayList<>(liveOf(presence.get(user)));
        if (live.stream().noneMatch(c -> c.getConnection().equals(connection.getConnection()))) {
            live.add(connection);
            write(user, live, now);
        }
    }

    void close(String user, String connectionId, long now) {
        List<LiveConnection> live = liveOf(presence.get(user));
        List<LiveConnection> rest = live.stream().filter(c -> !c.getConnection().equals(connectionId)).toList();
        if (rest.size() != live.size()) {
            write(user, rest, now);
        }
    }

    /** The user's connections that still count, by gateway, in the order they opened. */
    Map<String, List<String>> byGateway(String user, long now) {
        Map<String, List<String>> byGateway = new LinkedHashMap<>();
        for (LiveConnection connection : liveOf(presence.get(user))) {
            if (liveness.of(connection, gateways.get(connection.getGateway()), now) != Liveness.DEAD) {
                byGateway.computeIfAbsent(connection.getGateway(), g -> new ArrayList<>())
                        .add(connection.getConnection());
            }
        }
        return byGateway;
    }

    /**
     * Drops the connections of gateways that died, restarted or are stopping. Reading every user is costly with
     * many of them, so it is done only when a gateway's state changed since the last time, or when a
     * connection's grace ends.
     */
    void dropDead(long now) {
        Map<String, String> gatewaysNow = gatewayStates(now);
        if (gatewaysNow.equals(gatewaysAtLastScan) && now < recheckAt) {
            return;
        }
        gatewaysAtLastScan = gatewaysNow;
        recheckAt = Long.MAX_VALUE;
        Map<String, List<LiveConnection>> changed = new HashMap<>();
        try (KeyValueIterator<String, Presence> all = presence.all()) {
            all.forEachRemaining(row -> {
                List<LiveConnection> live = liveOf(row.value);
                List<LiveConnection> rest = new ArrayList<>(live.size());
                for (LiveConnection connection : live) {
                    Liveness state = liveness.of(connection, gateways.get(connection.getGateway()), now);
                    if (state != Liveness.DEAD) {
                        rest.add(connection);
                    }
                    if (state == Liveness.GRACE) {
                        recheckAt = Math.min(recheckAt, liveness.graceEndsAt(connection));
                    }
                }
                if (rest.size() != live.size()) {
                    changed.put(row.key, rest);
                }
            });
        }
        changed.forEach((user, rest) -> write(user, rest, now));
    }

    /** Each gateway's epoch and whether it is heartbeating; a change is what makes connections die. */
    private Map<String, String> gatewayStates(long now) {
        Map<String, String> states = new HashMap<>();
        try (KeyValueIterator<String, GatewayHeartbeat> all = gateways.all()) {
            all.forEachRemaining(kv -> states.put(kv.key,
                    kv.value.getEpoch() + (liveness.heartbeating(kv.value, now) ? " up" : " down")));
        }
        return states;
    }

    private void write(String user, List<LiveConnection> live, long now) {
        Instant at = Instant.ofEpochMilli(now);
        presence.put(user, new Presence(user, !live.isEmpty(), live.size(), at, at, List.copyOf(live)));
    }

    private static List<LiveConnection> liveOf(Presence row) {
        return row == null ? List.of() : row.getLive();
    }
}
