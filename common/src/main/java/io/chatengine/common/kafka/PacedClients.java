package io.chatengine.common.kafka;

import io.chatengine.common.config.KafkaSettings;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaClientSupplier;

/**
 * The clients of a stream application on the message path: its producers linger only while the application is
 * busy ({@link PacedProducer}), so under load one produce request carries a window's records and every reader of
 * them gets them in one fetch, and an idle chat waits for no window. Busy is counted on the records its main
 * consumers read, not on what it writes: each input makes several outputs.
 */
public final class PacedClients implements KafkaClientSupplier {
    private final KafkaSettings.Batching batching;
    private final BusyMeter inputs;

    public PacedClients(KafkaSettings.Batching batching) {
        this.batching = batching;
        this.inputs = new BusyMeter(batching.busyPerSecond(), System.nanoTime());
    }

    @Override
    public Admin getAdmin(Map<String, Object> config) {
        return Admin.create(config);
    }

    @Override
    public Producer<byte[], byte[]> getProducer(Map<String, Object> config) {
        return new PacedProducer<>(config, batching, new ByteArraySerializer(), new ByteArraySerializer(), inputs);
    }

    @Override
    public Consumer<byte[], byte[]> getConsumer(Map<String, Object> config) {
        return new CountingConsumer(config, inputs);
    }

    @Override
    public Consumer<byte[], byte[]> getRestoreConsumer(Map<String, Object> config) {
        return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    @Override
    public Consumer<byte[], byte[]> getGlobalConsumer(Map<String, Object> config) {
        return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /** A main consumer that counts what it reads into the application's meter. */
    private static final class CountingConsumer extends KafkaConsumer<byte[], byte[]> {
        private final BusyMeter inputs;

        CountingConsumer(Map<String, Object> config, BusyMeter inputs) {
            super(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
            this.inputs = inputs;
        }

        @Override
        public ConsumerRecords<byte[], byte[]> poll(Duration timeout) {
            ConsumerRecords<byte[], byte[]> records = super.poll(timeout);
            inputs.add(records.count(), System.nanoTime());
            return records;
        }
    }
}
