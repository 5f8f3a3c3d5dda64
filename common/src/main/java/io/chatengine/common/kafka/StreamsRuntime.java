package io.chatengine.common.kafka;

import io.chatengine.common.ops.Ops;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaClientSupplier;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.apache.kafka.streams.processor.StateRestoreListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Kafka Streams application as every service runs it: a failed stream thread is replaced, its metrics are
 * exported, and it is ready only once it runs with no store left to restore. A stream instance is RUNNING as
 * soon as it has its tasks, while their stores may still be restoring and their records wait; a restarted
 * instance is not ready before it serves.
 */
public final class StreamsRuntime implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StreamsRuntime.class);
    private final KafkaStreams streams;
    private final Set<TopicPartition> restoring = ConcurrentHashMap.newKeySet();

    private StreamsRuntime(KafkaStreams streams) {
        this.streams = streams;
    }

    /** Builds and starts the application with Kafka's own clients; its metrics go to {@code ops}. */
    public static StreamsRuntime start(Topology topology, Properties props, Ops ops) {
        return start(new KafkaStreams(topology, props), ops);
    }

    /** Builds and starts the application with the given clients; its metrics go to {@code ops}. */
    public static StreamsRuntime start(Topology topology, Properties props, KafkaClientSupplier clients, Ops ops) {
        return start(new KafkaStreams(topology, props, clients), ops);
    }

    private static StreamsRuntime start(KafkaStreams app, Ops ops) {
        StreamsRuntime runtime = new StreamsRuntime(app);
        KafkaStreams streams = runtime.streams;
        streams.setUncaughtExceptionHandler(error -> {
            LOG.error("stream thread failed, replacing it", error);
            return StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        streams.setGlobalStateRestoreListener(runtime.new RestoreTracker());
        ops.bind(streams);
        streams.start();
        return runtime;
    }

    public KafkaStreams streams() {
        return streams;
    }

    /** Null once the application runs and has restored every store; otherwise what it is doing. */
    public String notReadyReason() {
        KafkaStreams.State state = streams.state();
        if (state != KafkaStreams.State.RUNNING) {
            return "streams are " + state;
        }
        int partitions = restoring.size();
        return partitions == 0 ? null : "restoring " + partitions + " store partitions";
    }

    /** Stops the application and leaves its group, so that its tasks move at once. */
    @Override
    public void close() {
        streams.close(KafkaProps.STOP_AND_LEAVE);
    }

    private final class RestoreTracker implements StateRestoreListener {
        @Override
        public void onRestoreStart(TopicPartition partition, String store, long startingOffset, long endingOffset) {
            restoring.add(partition);
            LOG.info("restoring {} from {} ({} records)", store, partition, endingOffset - startingOffset);
        }

        @Override
        public void onBatchRestored(TopicPartition partition, String store, long batchEndOffset, long numRestored) {
            // progress is not tracked: a partition is restoring until it ends
        }

        @Override
        public void onRestoreEnd(TopicPartition partition, String store, long totalRestored) {
            restoring.remove(partition);
            LOG.info("restored {} from {} ({} records)", store, partition, totalRestored);
        }

        @Override
        public void onRestoreSuspended(TopicPartition partition, String store, long totalRestored) {
            restoring.remove(partition);
        }
    }
}
