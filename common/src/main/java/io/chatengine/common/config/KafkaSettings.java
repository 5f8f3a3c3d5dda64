package io.chatengine.common.config;

import io.chatengine.schemas.TopicSettings;

/**
 * Where Kafka is and how topics are created there.
 *
 * @param bootstrapServers KAFKA_BOOTSTRAP_SERVERS
 * @param topics           CHAT_TOPIC_PARTITIONS, CHAT_TOPIC_REPLICATION, CHAT_INBOX_RETENTION_HOURS
 * @param stateDir         CHAT_STATE_DIR: where Kafka Streams keeps its local stores
 */
public record KafkaSettings(String bootstrapServers, TopicSettings topics, String stateDir) {

    public static KafkaSettings from(Env env) {
        TopicSettings topics = new TopicSettings(
                env.integer("CHAT_TOPIC_PARTITIONS", 6, 1, 10_000),
                (short) env.integer("CHAT_TOPIC_REPLICATION", 1, 1, 32),
                env.number("CHAT_INBOX_RETENTION_HOURS", 7 * 24, 1, 100L * 365 * 24) * 3600_000L);
        return new KafkaSettings(
                env.string("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092"),
                topics,
                env.string("CHAT_STATE_DIR", System.getProperty("user.home") + "/.chat-engine/state"));
    }
}
