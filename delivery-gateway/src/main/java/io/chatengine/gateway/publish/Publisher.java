package io.chatengine.gateway.publish;

import io.chatengine.common.config.KafkaSettings;
import io.chatengine.common.kafka.KafkaProps;
import io.chatengine.common.kafka.PacedProducer;
import io.chatengine.schemas.Topic;
import io.chatengine.schemas.Topics;
import io.chatengine.schemas.avro.ConnectionEvent;
import io.chatengine.schemas.avro.GatewayHeartbeat;
import io.chatengine.schemas.avro.MessageSent;
import io.chatengine.schemas.avro.RoomInterest;
import io.chatengine.schemas.avro.RoomSend;
import io.chatengine.schemas.avro.Signal;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Everything this gateway writes to Kafka, through one idempotent acks=all producer. The futures complete once
 * Kafka has the records durably, or fail within {@link KafkaProps#ANSWER_WITHIN}: Kafka may be unreachable.
 *
 * <p>{@code producer.send} blocks while it has no metadata for a topic or no buffer left, which happens exactly
 * when Kafka is unreachable. So records are handed to the producer on a thread of their own, never on a
 * socket's I/O thread, and a record that waited for that thread longer than {@link KafkaProps#HANDOFF_LIMIT}
 * fails without being sent.
 */
public final class Publisher implements RoomRecords, AutoCloseable {
    private final Producer<String, byte[]> producer;
    private final ExecutorService handoff = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "kafka-handoff");
        thread.setDaemon(true);
        return thread;
    });

    public Publisher(KafkaSettings kafka, String instanceId) {
        this.producer = new PacedProducer<>(KafkaProps.producer(kafka, instanceId), kafka.batching(),
                new StringSerializer(), new ByteArraySerializer());
    }

    public CompletableFuture<Void> connection(ConnectionEvent event) {
        return send(record(Topics.CONNECTIONS, event.getUsername(), event));
    }

    public CompletableFuture<Void> heartbeat(GatewayHeartbeat heartbeat) {
        return send(record(Topics.GATEWAYS, heartbeat.getGateway(), heartbeat));
    }

    /** The sender's copy, keyed by the sender: the sender's inbox decides on it and makes the recipient's. */
    public CompletableFuture<Void> message(MessageSent message) {
        return send(record(Topics.MESSAGES, message.getFrom(), message));
    }

    @Override
    public CompletableFuture<Void> roomInterest(RoomInterest interest) {
        return send(record(Topics.ROOM_INTEREST, interest.getRoom(), interest));
    }

    @Override
    public CompletableFuture<Void> roomSend(RoomSend message) {
        return send(record(Topics.ROOM_SENDS, message.getRoom(), message));
    }

    @Override
    public CompletableFuture<Void> roomSignal(Signal signal) {
        return send(record(Topics.ROOM_SIGNALS, signal.getRoom(), signal));
    }

    @Override
    public CompletableFuture<Void> userSignal(String key, Signal signal) {
        return send(record(Topics.USER_SIGNALS, key, signal));
    }

    private static <V> ProducerRecord<String, byte[]> record(Topic<V> topic, String key, V value) {
        return new ProducerRecord<>(topic.name(), key, topic.valueSerde().serializer().serialize(topic.name(), value));
    }

    /** Completes when Kafka has acknowledged the record. */
    private CompletableFuture<Void> send(ProducerRecord<String, byte[]> record) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        long queuedAt = System.nanoTime();
        try {
            handoff.execute(() -> {
                if (System.nanoTime() - queuedAt > KafkaProps.HANDOFF_LIMIT.toNanos()) {
                    done.completeExceptionally(new TimeoutException("Kafka took no record for "
                            + KafkaProps.HANDOFF_LIMIT.toMillis() + " ms"));
                    return;
                }
                try {
                    producer.send(record, (metadata, error) -> {
                        if (error != null) {
                            done.completeExceptionally(error);
                        } else {
                            done.complete(null);
                        }
                    });
                } catch (RuntimeException e) {
                    done.completeExceptionally(e);
                }
            });
        } catch (RejectedExecutionException e) {
            done.completeExceptionally(e);
        }
        return done;
    }

    public Producer<String, byte[]> producer() {
        return producer;
    }

    /** Hands over every record given so far and waits until Kafka has them (or they failed). */
    public void flush() {
        try {
            handoff.submit(producer::flush).get(KafkaProps.ANSWER_WITHIN.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException | RejectedExecutionException e) {
            // what was not flushed has failed its futures, or fails them at close
        }
    }

    @Override
    public void close() {
        handoff.shutdown();
        try {
            handoff.awaitTermination(KafkaProps.HANDOFF_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(Duration.ofSeconds(3));
    }
}
