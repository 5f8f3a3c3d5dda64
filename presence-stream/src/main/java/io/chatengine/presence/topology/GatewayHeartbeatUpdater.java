package io.chatengine.presence.topology;

import io.chatengine.schemas.avro.GatewayHeartbeat;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/** Keeps every gateway's latest heartbeat in the global store that each user's processor consults. */
final class GatewayHeartbeatUpdater implements Processor<String, GatewayHeartbeat, Void, Void> {
    private KeyValueStore<String, GatewayHeartbeat> gateways;

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        gateways = context.getStateStore(StoreNames.GATEWAYS);
    }

    @Override
    public void process(Record<String, GatewayHeartbeat> record) {
        if (record.value() == null) {
            gateways.delete(record.key());
        } else {
            gateways.put(record.key(), record.value());
        }
    }
}
