package io.chatengine.schemas;

/**
 * How topics are created on this cluster: partitions of user-keyed topics, replication factor, and how long
 * messages stay in inboxes.
 */
public record TopicSettings(int partitions, short replication, long inboxRetentionMs) {
    public static final long DEFAULT_INBOX_RETENTION_MS = 7L * 24 * 3600 * 1000;

    public TopicSettings {
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be at least 1");
        }
        if (replication < 1) {
            throw new IllegalArgumentException("replication must be at least 1");
        }
        if (inboxRetentionMs < 60_000) {
            throw new IllegalArgumentException("inbox retention must be at least a minute");
        }
    }

    public static TopicSettings local() {
        return new TopicSettings(6, (short) 1, DEFAULT_INBOX_RETENTION_MS);
    }

    public int partitionsOf(Topic<?> topic) {
        return topic.keyed() ? partitions : 1;
    }
}
