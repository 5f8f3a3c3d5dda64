package io.chatengine.common.kafka;

import io.chatengine.common.config.KafkaSettings;
import io.chatengine.schemas.Topic;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads every partition of one topic on its own thread, without a consumer group, and hands each record to a
 * handler: from the beginning for read models (users, presence), from the end for this gateway's deliveries
 * (frames for sockets of an earlier start are of no use).
 */
public final class TopicFollower<V> implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TopicFollower.class);
    private final Topic<V> topic;
    private final From from;
    private final Consumer<ConsumerRecord<String, V>> handler;
    private final KafkaConsumer<String, V> consumer;
    private final Thread thread;
    private volatile boolean caughtUp;
    private volatile boolean running = true;

    /** Where a follower starts reading. */
    public enum From {
        /** every record the topic holds: a read model folded from the whole topic */
        BEGINNING,
        /** only records written from now on: answers and frames meant for this start */
        END
    }

    public TopicFollower(KafkaSettings kafka, String clientId, Topic<V> topic, From from,
                         KafkaProps.Pace pace, Consumer<ConsumerRecord<String, V>> handler) {
        this.topic = topic;
        this.from = from;
        this.handler = handler;
        this.consumer = new KafkaConsumer<>(KafkaProps.reader(kafka, clientId, pace), topic.keySerde().deserializer(),
                topic.valueSerde().deserializer());
        this.thread = new Thread(this::run, "follow-" + topic.name());
        this.thread.setDaemon(true);
    }

    /** Publishes this follower's consumer metrics (lag, fetch rates, ...) to the registry. */
    public TopicFollower<V> measure(MeterRegistry registry) {
        new KafkaClientMetrics(consumer).bindTo(registry);
        return this;
    }

    public TopicFollower<V> start() {
        thread.start();
        return this;
    }

    /** True once every record that existed when reading began has been handled. */
    public boolean caughtUp() {
        return caughtUp;
    }

    private void run() {
        try {
            List<TopicPartition> partitions = partitions();
            if (partitions.isEmpty()) {
                return;
            }
            consumer.assign(partitions);
            if (from == From.BEGINNING) {
                consumer.seekToBeginning(partitions);
            } else {
                consumer.seekToEnd(partitions);
            }
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            while (running) {
                for (ConsumerRecord<String, V> record : consumer.poll(Duration.ofMillis(500))) {
                    try {
                        handler.accept(record);
                    } catch (RuntimeException e) {
                        LOG.error("cannot handle a record of {} at offset {}", topic.name(), record.offset(), e);
                    }
                }
                if (!caughtUp && ends.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue())) {
                    caughtUp = true;
                    LOG.info("caught up with {}", topic.name());
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            LOG.error("stopped reading {}", topic.name(), e);
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    /**
     * The topic's partitions. A topic created a moment ago may not be in this client's metadata yet, so ask
     * again until it is (or the follower is closed).
     */
    private List<TopicPartition> partitions() {
        long backoffMs = 50;
        while (running) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic.name()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            if (!partitions.isEmpty()) {
                return partitions;
            }
            LOG.info("waiting for topic {} to appear", topic.name());
            try {
                Thread.sleep(backoffMs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return List.of();
            }
            backoffMs = Math.min(1_000, backoffMs * 2);
        }
        return List.of();
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
    }
}
