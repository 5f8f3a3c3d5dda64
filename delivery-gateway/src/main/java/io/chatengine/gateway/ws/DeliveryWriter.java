package io.chatengine.gateway.ws;

import io.chatengine.common.protocol.Frames;
import io.chatengine.schemas.avro.Delivery;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Writes the frames presence-stream routed to this gateway to the sockets they name, in order. */
public final class DeliveryWriter {
    private final Connections connections;
    private final Counter delivered;
    private final Timer latency;
    private final Timer answerLatency;

    public DeliveryWriter(Connections connections, MeterRegistry metrics) {
        this.connections = connections;
        this.delivered = Counter.builder("chat.messages.delivered")
                .description("frames from presence-stream handed to a socket of this gateway").register(metrics);
        this.latency = Timer.builder("chat.delivery.latency")
                .description("from presence-stream routing a frame to this gateway writing it to the socket")
                .publishPercentileHistogram().register(metrics);
        this.answerLatency = Timer.builder("chat.send.ack.latency")
                .description("from a send frame to its answer from the sender's inbox")
                .publishPercentileHistogram().register(metrics);
    }

    public void write(ConsumerRecord<String, Delivery> record) {
        Delivery delivery = record.value();
        // a welcome's seq is the inbox's latest, which a new socket holds from then on; written before v4 it was
        // only in the frame
        Long seq = delivery.getWelcome() && delivery.getSeq() == null
                ? Long.valueOf(Frames.welcomeSeq(delivery.getFrame())) : delivery.getSeq();
        for (String id : delivery.getConnections()) {
            Connection connection = connections.get(id);
            if (connection != null) {
                if (delivery.getAnswers() != null) {
                    AwaitedAnswers.Awaited send = connection.answers.answered(delivery.getAnswers());
                    if (send != null) {
                        answerLatency.record(System.nanoTime() - send.sinceNanos(), TimeUnit.NANOSECONDS);
                    }
                }
                connection.deliver(delivery.getFrame(), seq,
                        delivery.getWelcome() ? DeliveryGate.Kind.WELCOME : DeliveryGate.Kind.LIVE);
                DeliveryGate.Kind then = delivery.getWelcome() ? DeliveryGate.Kind.BACKLOG : DeliveryGate.Kind.LIVE;
                delivery.getThen().forEach(frame -> connection.deliver(frame.getFrame(), frame.getSeq(), then));
                if (delivery.getWelcome()) {
                    connection.paged(delivery.getMore());
                }
                delivered.increment(1 + delivery.getThen().size());
            }
        }
        latency.record(Math.max(0, System.currentTimeMillis() - record.timestamp()), TimeUnit.MILLISECONDS);
    }
}
