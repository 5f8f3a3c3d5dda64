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

    public DeliveryWriter(Connections connections, MeterRegistry metrics) {
        this.connections = connections;
        this.delivered = Counter.builder("chat.messages.delivered")
                .description("frames from presence-stream handed to a socket of this gateway").register(metrics);
        this.latency = Timer.builder("chat.delivery.latency")
                .description("from presence-stream routing a frame to this gateway writing it to the socket")
                .publishPercentileHistogram().register(metrics);
    }

    public void write(ConsumerRecord<String, Delivery> record) {
        Delivery delivery = record.value();
        // a welcome carries no seq of its own: its frame tells the latest, which a new socket holds from then on
        Long seq = delivery.getWelcome() ? Long.valueOf(Frames.welcomeSeq(delivery.getFrame())) : delivery.getSeq();
        for (String id : delivery.getConnections()) {
            Connection connection = connections.get(id);
            if (connection != null) {
                connection.deliver(delivery.getFrame(), seq, delivery.getWelcome());
                delivery.getThen().forEach(frame -> connection.deliver(frame.getFrame(), frame.getSeq(), false));
                delivered.increment(1 + delivery.getThen().size());
            }
        }
        latency.record(Math.max(0, System.currentTimeMillis() - record.timestamp()), TimeUnit.MILLISECONDS);
    }
}
