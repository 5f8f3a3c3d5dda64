package io.chatengine.common.kafka;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps a store equal to the latest value of each key of its topic (a tombstone removes the key): the same rows
 * Kafka Streams copies from the topic when it restores the store, so both paths agree. It feeds the global stores
 * (gateway heartbeats, users, each user's rooms) and the read-only stores whose changelog is another service's
 * topic (presence, history, rooms).
 */
public final class StoreMirror<V> implements Processor<String, V, Void, Void> {
    private final String storeName;
    private KeyValueStore<String, V> store;

    public StoreMirror(String storeName) {
        this.storeName = storeName;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        store = context.getStateStore(storeName);
    }

    @Override
    public void process(Record<String, V> record) {
        if (record.key() == null) {
            return;
        }
        if (record.value() == null) {
            store.delete(record.key());
        } else {
            store.put(record.key(), record.value());
        }
    }
}
