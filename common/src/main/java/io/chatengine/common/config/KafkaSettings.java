package io.chatengine.common.config;

import io.chatengine.schemas.TopicSettings;

/**
 * Where Kafka is and how topics are created there.
 *
 * @param bootstrapServers KAFKA_BOOTSTRAP_SERVERS
 * @param topics           CHAT_TOPIC_PARTITIONS, CHAT_TOPIC_REPLICATION, CHAT_INBOX_RETENTION_HOURS
 * @param stateDir         CHAT_STATE_DIR: where Kafka Streams keeps its local stores
 * @param batching         CHAT_BATCH_WINDOW_MS, CHAT_BATCH_BUSY_RATE, CHAT_PRODUCER_MAX_IN_FLIGHT: how the clients
 *                         on the message path (gateways, presence-stream) gather records into requests
 * @param standbyReplicas  CHAT_STANDBY_REPLICAS: warm copies of each stream task's state on other instances, so
 *                         that the tasks of an instance that dies resume elsewhere without restoring first
 */
public record KafkaSettings(String bootstrapServers, TopicSettings topics, String stateDir, Batching batching,
                            int standbyReplicas) {

    /**
     * How the producers on the message path gather records into requests; the broker's cost, and much of each
     * client's, is per request. While a producer is given at least {@code busyPerSecond} records a second (a stream
     * application: while its threads read that many), it lingers
     * for {@code windowMs}, so a window's records share one produce request, and a reader waiting on them gets them
     * in one fetch; below that rate it sends each record at once, so a quiet chat pays no window. A window of 0
     * never waits. With one request in flight per broker, records that come while it is out go together in the
     * next one, also when idle.
     */
    public record Batching(int windowMs, int busyPerSecond, int maxInFlight) {
        public static final Batching DEFAULT = new Batching(5, 300, 1);
    }

    public KafkaSettings(String bootstrapServers, TopicSettings topics, String stateDir) {
        this(bootstrapServers, topics, stateDir, Batching.DEFAULT, 1);
    }

    public static KafkaSettings from(Env env) {
        TopicSettings topics = new TopicSettings(
                env.integer("CHAT_TOPIC_PARTITIONS", 6, 1, 10_000),
                (short) env.integer("CHAT_TOPIC_REPLICATION", 1, 1, 32),
                env.number("CHAT_INBOX_RETENTION_HOURS", 7 * 24, 1, 100L * 365 * 24) * 3600_000L);
        return new KafkaSettings(
                env.string("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092"),
                topics,
                env.string("CHAT_STATE_DIR", System.getProperty("user.home") + "/.chat-engine/state"),
                new Batching(env.integer("CHAT_BATCH_WINDOW_MS", Batching.DEFAULT.windowMs(), 0, 100),
                        env.integer("CHAT_BATCH_BUSY_RATE", Batching.DEFAULT.busyPerSecond(), 10, 1_000_000),
                        env.integer("CHAT_PRODUCER_MAX_IN_FLIGHT", Batching.DEFAULT.maxInFlight(), 1, 5)),
                env.integer("CHAT_STANDBY_REPLICAS", 1, 0, 5));
    }
}
