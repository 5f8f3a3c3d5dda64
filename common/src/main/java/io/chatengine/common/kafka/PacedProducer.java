package io.chatengine.common.kafka;

import io.chatengine.common.config.KafkaSettings;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A producer that gathers records into requests only while it is busy. It lingers for the batching window, so
 * that under load the records of a window travel in one request; while it is idle (fewer sends a second than
 * {@link KafkaSettings.Batching#busyPerSecond()}), each record is flushed at once, so a quiet chat waits for
 * no window. What counts is the records it is given (a gateway's: one per client frame), or, for a stream
 * application, the records its threads read ({@link PacedClients}): a stream thread writes several records for
 * each it reads, and a rate of outputs would call a quiet chat busy. The flush runs on a thread of its own:
 * {@code flush} blocks until the records are acknowledged, and the caller of {@code send} (a stream thread, the
 * gateway's hand-off thread) must not.
 */
public final class PacedProducer<K, V> extends KafkaProducer<K, V> {
    private final boolean lingers;
    private final BusyMeter meter;
    private final boolean countsSends;
    private final AtomicBoolean flushWanted = new AtomicBoolean();
    /** Flushes for an idle producer; none when the window is 0 (the producer never lingers). */
    private final Thread flusher;
    private volatile boolean closed;

    /** Busy while it is given at least {@code batching.busyPerSecond()} records a second. */
    public PacedProducer(Map<String, Object> props, KafkaSettings.Batching batching, Serializer<K> keys,
                         Serializer<V> values) {
        this(props, batching, keys, values, new BusyMeter(batching.busyPerSecond(), System.nanoTime()), true);
    }

    /** Busy while {@code inputs}, counted elsewhere, say so. */
    PacedProducer(Map<String, Object> props, KafkaSettings.Batching batching, Serializer<K> keys,
                  Serializer<V> values, BusyMeter inputs) {
        this(props, batching, keys, values, inputs, false);
    }

    private PacedProducer(Map<String, Object> props, KafkaSettings.Batching batching, Serializer<K> keys,
                          Serializer<V> values, BusyMeter meter, boolean countsSends) {
        super(lingering(props, batching), keys, values);
        this.lingers = batching.windowMs() > 0;
        this.meter = meter;
        this.countsSends = countsSends;
        if (lingers) {
            this.flusher = new Thread(this::flushWhenWanted, props.get(ProducerConfig.CLIENT_ID_CONFIG) + "-flusher");
            this.flusher.setDaemon(true);
            this.flusher.start();
        } else {
            this.flusher = null;
        }
    }

    private static Map<String, Object> lingering(Map<String, Object> props, KafkaSettings.Batching batching) {
        Map<String, Object> lingering = new HashMap<>(props);
        lingering.put(ProducerConfig.LINGER_MS_CONFIG, batching.windowMs());
        // Kafka requires room for the linger and one request within the delivery timeout
        int requestTimeoutMs = millis(props, ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 30_000);
        int deliveryTimeoutMs = millis(props, ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000);
        lingering.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
                Math.max(deliveryTimeoutMs, batching.windowMs() + requestTimeoutMs));
        return lingering;
    }

    /** A setting given as a number or as text (Kafka Streams passes either), or Kafka's default. */
    private static int millis(Map<String, Object> props, String name, int kafkaDefault) {
        return Integer.parseInt(String.valueOf(props.getOrDefault(name, kafkaDefault)));
    }

    @Override
    public Future<RecordMetadata> send(ProducerRecord<K, V> record, Callback callback) {
        Future<RecordMetadata> sent = super.send(record, callback);
        if (lingers && !busy(System.nanoTime()) && !flushWanted.getAndSet(true)) {
            LockSupport.unpark(flusher);
        }
        return sent;
    }

    private boolean busy(long now) {
        return countsSends ? meter.add(1, now) : meter.busy(now);
    }

    private void flushWhenWanted() {
        while (!closed) {
            if (!flushWanted.getAndSet(false)) {
                LockSupport.park(this);
                continue;
            }
            try {
                flush();
            } catch (RuntimeException e) {
                // interrupted at close, or the producer failed: the records' own callbacks say so
            }
        }
    }

    @Override
    public void close(Duration timeout) {
        closed = true;
        if (flusher != null) {
            LockSupport.unpark(flusher);
        }
        super.close(timeout);
    }
}
