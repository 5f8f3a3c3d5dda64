package io.chatengine.bench;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The floor: one bare produce (acks=all, no linger) and consume round trip on the engine's broker, at a steady
 * rate. A design that crosses Kafka twice cannot beat twice its median.
 */
final class Floor {
    private static final String TOPIC = "bench-floor";

    private Floor() {
    }

    static ChatLoad.Latencies run(String bootstrap, double rate, Duration duration) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 1))).all().get();
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
        Properties producerProps = new Properties();
        producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
        producerProps.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        Properties consumerProps = new Properties();
        consumerProps.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        consumerProps.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "500");
        consumerProps.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        int count = (int) (rate * duration.toMillis() / 1000.0);
        ChatLoad.Latencies latencies = new ChatLoad.Latencies(count);
        AtomicLong received = new AtomicLong();
        AtomicBoolean ready = new AtomicBoolean();
        AtomicBoolean stop = new AtomicBoolean();
        TopicPartition partition = new TopicPartition(TOPIC, 0);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerProps, new ByteArraySerializer(),
                new ByteArraySerializer());
             KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProps, new ByteArrayDeserializer(),
                     new ByteArrayDeserializer())) {
            Thread reader = new Thread(() -> {
                consumer.assign(List.of(partition));
                consumer.seekToEnd(List.of(partition));
                consumer.position(partition);
                ready.set(true);
                while (received.get() < count && !stop.get()) {
                    for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                        latencies.add(System.nanoTime() - ByteBuffer.wrap(record.value()).getLong());
                        received.incrementAndGet();
                    }
                }
            }, "floor-reader");
            reader.setDaemon(true);
            reader.start();
            while (!ready.get()) {
                LockSupport.parkNanos(1_000_000);
            }
            long start = System.nanoTime();
            for (int sent = 0; sent < count; ) {
                long due = Math.min(count, (long) (rate * (System.nanoTime() - start) / 1e9));
                for (; sent < due; sent++) {
                    producer.send(new ProducerRecord<>(TOPIC, ByteBuffer.allocate(8).putLong(System.nanoTime()).array()));
                }
                LockSupport.parkNanos(200_000);
            }
            reader.join(Duration.ofSeconds(10).toMillis());
            stop.set(true);
            reader.join();
        }
        return latencies;
    }
}
