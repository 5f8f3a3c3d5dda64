package io.chatengine.schemas;

import java.util.HashMap;
import java.util.Map;

/** How a topic keeps its records. */
public enum Retention {
    /** The event log: nothing expires (users, audit). */
    FOREVER,
    /** Kept as long as the inbox retention ({@link TopicSettings#inboxRetentionMs()}). */
    INBOX,
    /** Transient routing traffic: an hour is plenty for any consumer that is alive. */
    TRANSIENT,
    /** Latest value per key (presence, heartbeats). */
    COMPACTED;

    /**
     * The topic configs of this retention; with three or more replicas, a write is acknowledged only once two
     * hold it ({@code min.insync.replicas=2}), so one broker lost loses nothing acknowledged.
     */
    Map<String, String> configs(TopicSettings settings) {
        Map<String, String> configs = new HashMap<>(retentionConfigs(settings));
        if (settings.replication() >= 3) {
            configs.put("min.insync.replicas", "2");
        }
        return Map.copyOf(configs);
    }

    private Map<String, String> retentionConfigs(TopicSettings settings) {
        return switch (this) {
            case FOREVER -> Map.of("cleanup.policy", "delete", "retention.ms", "-1");
            case INBOX -> Map.of("cleanup.policy", "delete", "retention.ms", Long.toString(settings.inboxRetentionMs()));
            case TRANSIENT -> Map.of("cleanup.policy", "delete", "retention.ms", "3600000");
            case COMPACTED -> Map.of("cleanup.policy", "compact", "min.compaction.lag.ms", "0",
                    "segment.ms", "3600000");
        };
    }
}
