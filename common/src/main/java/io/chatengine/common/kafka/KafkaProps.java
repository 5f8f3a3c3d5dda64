package io.chatengine.common.kafka;

import io.chatengine.common.config.KafkaSettings;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.StreamsConfig;

/** Client settings chosen once for the whole engine: durable producers that batch under load without waiting when idle. */
public final class KafkaProps {
    /**
     * How long the broker may hold a fetch that has nothing to return. A held fetch is answered as soon as a
     * record arrives (fetch.min.bytes is 1), so this adds no latency; a short one only multiplies the requests
     * of idle readers, and every request costs the broker CPU.
     */
    static final int FETCH_MAX_WAIT_MS = 500;

    /**
     * How soon a write is answered, acknowledged or failed, even with Kafka unreachable: a client's `send` gets
     * `sent` or `error` `unavailable` within this, never silence. The budget is split between waiting to be
     * handed to the producer ({@link #HANDOFF_LIMIT}), the producer waiting for metadata or buffer
     * ({@link #MAX_BLOCK}) and the delivery timeout (the rest).
     */
    public static final Duration ANSWER_WITHIN = Duration.ofSeconds(10);
    public static final Duration HANDOFF_LIMIT = Duration.ofSeconds(2);
    static final Duration MAX_BLOCK = Duration.ofSeconds(1);
    static final int REQUEST_TIMEOUT_MS = 5_000;

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
        props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, kafka.batching().maxInFlight());
        long deliveryTimeoutMs = ANSWER_WITHIN.minus(HANDOFF_LIMIT).minus(MAX_BLOCK).toMillis();
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) deliveryTimeoutMs);
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, REQUEST_TIMEOUT_MS);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) MAX_BLOCK.toMillis());
        return props;
    }

    /**
     * How soon a reader needs what is written. Every fetch is a request the broker pays for, and a reader that
     * asks again as soon as it got a record makes one per few records under load.
     */
    public enum Pace {
        /** On the message path: the broker answers a fetch as soon as a record arrives. */
        AT_ONCE,
        /**
         * A read model that may lag by {@value #GATHER_WAIT_MS} ms (presence, history): the broker answers when
         * 64 KiB have gathered or that time has passed, one fetch where AT_ONCE makes dozens.
         */
        GATHERED;

        static final int GATHER_WAIT_MS = 100;

        void applyTo(Map<String, Object> props, String prefix) {
            props.put(prefix + ConsumerConfig.FETCH_MIN_BYTES_CONFIG, this == AT_ONCE ? 1 : 64 * 1024);
            props.put(prefix + ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, this == AT_ONCE ? FETCH_MAX_WAIT_MS : GATHER_WAIT_MS);
        }
    }

    /** A consumer without a group: the caller assigns partitions and seeks. */
    public static Map<String, Object> reader(KafkaSettings kafka, String clientId, Pace pace) {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        pace.applyTo(props, "");
        return props;
    }

    /**
     * How long the group coordinator waits for a silent stream instance before its tasks move (the broker's
     * minimum). Members are static ({@code group.instance.id} is the instance id), so an instance restarted within
     * this takes its own tasks back without a rebalance, and one that stays dead is replaced this soon.
     */
    static final int SESSION_TIMEOUT_MS = 6_000;
    static final int HEARTBEAT_INTERVAL_MS = 1_500;

    /**
     * How long a stream thread's send may wait for metadata while partitions change leader (a broker died).
     * Kafka Streams treats a send that fails by timeout as a corrupted task, closes it and restores its state
     * again, which costs far more than waiting out the election.
     */
    static final int STREAMS_MAX_BLOCK_MS = 20_000;

    /**
     * How a stream instance stops cleanly: it leaves the group, so its tasks move to the others at once instead
     * of after the session timeout (a static member does not leave by itself).
     */
    static final CloseOptions STOP_AND_LEAVE = CloseOptions
            .groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
            .withTimeout(Duration.ofSeconds(8));

    /** How a stream application may repeat itself after a crash. */
    public enum Guarantee {
        /** Output and input offsets commit in one transaction, visible to readers only at commit. */
        EXACTLY_ONCE,
        /** Output is visible at once; after a crash, records since the last commit are processed again. */
        AT_LEAST_ONCE
    }

    /**
     * Kafka Streams with the given guarantee. With exactly-once, output is visible to read_committed readers only
     * at commit, so the interval is the latency floor of each hop; with at-least-once it only bounds how much is
     * processed again after a crash, and the application must make repeated output harmless.
     */
    public static Properties streams(KafkaSettings kafka, String applicationId, String instanceId,
                                     Guarantee guarantee, long commitIntervalMs, Pace pace) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        props.put(StreamsConfig.CLIENT_ID_CONFIG, applicationId + "-" + instanceId);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, commitIntervalMs);
        props.put(StreamsConfig.STATE_DIR_CONFIG, kafka.stateDir() + "/" + applicationId + "-" + instanceId);
        props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) kafka.topics().replication());
        props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0);
        props.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, kafka.standbyReplicas());
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG), applicationId + "-" + instanceId);
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), SESSION_TIMEOUT_MS);
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG), HEARTBEAT_INTERVAL_MS);
        props.put("processing.exception.handler.global.enabled", true);
        props.put(StreamsConfig.producerPrefix(ProducerConfig.ACKS_CONFIG), "all");
        props.put(StreamsConfig.producerPrefix(ProducerConfig.MAX_BLOCK_MS_CONFIG), STREAMS_MAX_BLOCK_MS);
        if (guarantee == Guarantee.EXACTLY_ONCE) {
            props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
            // every commit flushes the producer, and read_committed readers see nothing before it: lingering
            // until then costs no latency and sends one batch per partition per commit
            props.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), commitIntervalMs);
        } else {
            props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE);
            props.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), 0);
            props.put(StreamsConfig.producerPrefix(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION),
                    kafka.batching().maxInFlight());
            props.put(StreamsConfig.producerPrefix(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG), true);
        }
        Map<String, Object> fetch = new HashMap<>();
        pace.applyTo(fetch, StreamsConfig.MAIN_CONSUMER_PREFIX);
        props.putAll(fetch);
        // the processors need no timestamp order across their input topics: never hold a record back while
        // another input partition of the task is empty
        props.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, -1L);
        return props;
    }
}
