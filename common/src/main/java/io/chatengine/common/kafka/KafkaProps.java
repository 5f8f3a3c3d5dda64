package io.chatengine.common.kafka;

import io.chatengine.common.config.KafkaSettings;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;

/** Client settings chosen once for the whole engine: durable producers, no batching delay on the message path. */
public final class KafkaProps {
    private KafkaProps() {
    }

    /** acks=all and idempotence: an acknowledged record is durable and written once. */
    public static Map<String, Object> producer(KafkaSettings kafka, String clientId) {
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 10_000);
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000);
        return props;
    }

    /** A consumer without a group: the caller assigns partitions and seeks. */
    public static Map<String, Object> reader(KafkaSettings kafka, String clientId) {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 50);
        return props;
    }

    /**
     * Kafka Streams with exactly-once processing and a short commit interval: with exactly_once_v2, output is
     * visible to read_committed readers only at commit, so the interval is the latency floor of each hop.
     */
    public static Properties streams(KafkaSettings kafka, String applicationId, String instanceId,
                                     long commitIntervalMs) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        props.put(StreamsConfig.CLIENT_ID_CONFIG, applicationId + "-" + instanceId);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, commitIntervalMs);
        props.put(StreamsConfig.STATE_DIR_CONFIG, kafka.stateDir() + "/" + applicationId + "-" + instanceId);
        props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) kafka.topics().replication());
        props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0);
        props.put("processing.exception.handler.global.enabled", true);
        // every commit flushes the producer, and read_committed readers see nothing before it: lingering until
        // then costs no latency and sends one batch per partition per commit instead of a request per record
        props.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), commitIntervalMs);
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG), 20);
        // the processors need no timestamp order across their input topics: never hold a record back while
        // another input partition of the task is empty
        props.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, -1L);
        return props;
    }
}
