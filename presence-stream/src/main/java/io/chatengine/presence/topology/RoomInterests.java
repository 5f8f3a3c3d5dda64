package io.chatengine.presence.topology;

import io.chatengine.common.InboxKeys;
import io.chatengine.presence.topology.ConnectionLiveness.Liveness;
import io.chatengine.schemas.avro.GatewayHeartbeat;
import io.chatengine.schemas.avro.LiveConnection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Which gateways hold a socket subscribed to each room (the room-gateways store, {@code InboxKeys.pair(room,
 * gateway)} to the gateway's epoch at its first subscribe, as a {@link LiveConnection} without a connection): a
 * room's frames go once to each of them. A gateway's interest counts as its connections do
 * ({@link ConnectionLiveness}): one whose gateway died, stopped or restarted under a newer epoch is dropped the
 * next time the room routes a frame. The row is written only when a gateway first subscribes under an epoch, not
 * per subscribing socket.
 */
final class RoomInterests {
    private final KeyValueStore<String, LiveConnection> store;
    private final ReadOnlyKeyValueStore<String, GatewayHeartbeat> gateways;
    private final ConnectionLiveness liveness;

    RoomInterests(KeyValueStore<String, LiveConnection> store, ReadOnlyKeyValueStore<String, GatewayHeartbeat> gateways,
                  ConnectionLiveness liveness) {
        this.store = store;
        this.gateways = gateways;
        this.liveness = liveness;
    }

    /** The gateway holds a socket subscribed to the room from now on. */
    void keep(String room, String gateway, long epoch, long now) {
        String key = InboxKeys.pair(room, gateway);
        LiveConnection known = store.get(key);
        if (known == null || known.getEpoch() < epoch) { // an older epoch's subscribe is of a socket gone since
            store.put(key, new LiveConnection(gateway, epoch, "", Instant.ofEpochMilli(now)));
        }
    }

    /** The gateway's last socket subscribed to the room left (a withdraw of an older epoch changes nothing). */
    void withdraw(String room, String gateway, long epoch) {
        String key = InboxKeys.pair(room, gateway);
        LiveConnection known = store.get(key);
        if (known != null && known.getEpoch() <= epoch) {
            store.delete(key);
        }
    }

    /** The gateways whose interest in the room counts, in the order of their ids; the dead ones are dropped. */
    List<String> live(String room, long now) {
        List<String> live = new ArrayList<>();
        List<String> dead = new ArrayList<>();
        try (KeyValueIterator<String, LiveConnection> rows =
                     store.range(InboxKeys.prefix(room), InboxKeys.afterOwner(room))) {
            rows.forEachRemaining(row -> {
                LiveConnection interest = row.value;
                if (liveness.of(interest, gateways.get(interest.getGateway()), now) == Liveness.DEAD) {
                    dead.add(row.key);
                } else {
                    live.add(interest.getGateway());
                }
            });
        }
        dead.forEach(store::delete);
        return live;
    }
}
