package io.chatengine.gateway.routing;

import io.chatengine.common.config.KafkaSettings;
import io.chatengine.common.kafka.KafkaProps;
import io.chatengine.schemas.Topic;
import io.chatengine.schemas.Topics;
import io.chatengine.schemas.avro.ConnectionEvent;
import io.chatengine.schemas.avro.GatewayHeartbeat;
import io.chatengine.schemas.avro.MessageSent;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Everything this gateway writes to Kafka, through one idempotent acks=all producer. Sends are asynchronous:
 * the futures complete on the producer's thread once Kafka has the record durably.
 */
public final class Publisher implements AutoCloseable {
    private final Producer<String, byte[]> producer;

    public Publisher(KafkaSettings kafka, String instanceId) {
        this.producer = new KafkaProducer<>(KafkaProps.producer(kafka, instanceId), new StringSerializer(),
                new ByteArraySerializer());
    }

    public CompletableFuture<Void> connection(ConnectionEvent event) {
        return send(Topics.CONNECTIONS, event.getUsername(), event);
    }

    public CompletableFuture<Void> heartbeat(GatewayHeartbeat heartbeat) {
        return send(Topics.GATEWAYS, heartbeat.getGateway(), heartbeat);
    }

    /** One copy per inbox owner: the recipient's and the sender's (one when they are the same user). */
    public CompletableFuture<Void> message(MessageSent message) {
        CompletableFuture<Void> toRecipient = send(Topics.MESSAGES, message.getTo(), message);
        if (message.getFrom().equals(message.getTo())) {
            return toRecipient;
        }
        return CompletableFuture.allOf(toRecipient, send(Topics.MESSAGES, message.getFrom(), message));
    }

    private <V> CompletableFuture<Void> send(Topic<V> topic, String key, V value) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        byte[] bytes = topic.valueSerde().serializer().serialize(topic.name(), value);
        try {
            producer.send(new ProducerRecord<>(topic.name(), key, bytes), (metadata, error) -> {
                if (error == null) {
                    done.complete(null);
                } else {
                    done.completeExceptionally(error);
                }
            });
        } catch (RuntimeException e) {
            done.completeExceptionally(e);
        }
        return done;
    }

    public Producer<String, byte[]> producer() {
        return producer;
    }

    public void flush() {
        producer.flush();
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(3));
    }
}
