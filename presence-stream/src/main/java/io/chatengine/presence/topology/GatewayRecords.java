package io.chatengine.presence.topology;

import io.chatengine.schemas.avro.Delivery;
import java.util.List;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Deliveries for the gateway sinks, which write each one to the topic of the gateway it names
 * ({@link Delivery#getGateway()}, read by the sinks' extractor in {@link PresenceTopology}).
 */
final class GatewayRecords {
    private GatewayRecords() {
    }

    /**
     * A delivery of {@code frame} (a message frame's inbox or room {@code seq}, else null) to {@code connections}
     * of {@code user} on a gateway, with nothing more: each kind sets what else it carries (a page, which adds
     * frames to {@code then}, gives it a list of its own); {@link #toGateway} sets the gateway.
     */
    static Delivery delivery(String user, List<String> connections, String frame, Long seq) {
        return new Delivery(user, connections, frame, seq, false, List.of(), null, false, null, null, null,
                null, null, null, null, null);
    }

    /** The delivery keyed by {@code key}, for the topic of {@code gateway}, which it then names. */
    static Record<String, Delivery> toGateway(String key, String gateway, Delivery delivery, long timestamp) {
        delivery.setGateway(gateway);
        return new Record<>(key, delivery, timestamp);
    }
}
