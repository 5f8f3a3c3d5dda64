package io.chatengine.schemas;

import java.util.Map;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * One topic: its name, serdes and the policy it is created with. Keys are always strings (a username, a
 * gateway id); values are Avro records.
 *
 * @param keyed         true when the topic is partitioned by username and must be co-partitioned with the
 *                      other user-keyed topics (it gets the configured partition count; otherwise one)
 * @param retention     how long records are kept, or {@link Retention#FOREVER}; compacted topics keep the last
 *                      record per key
 */
public record Topic<V>(String name, Serde<V> valueSerde, boolean keyed, Retention retention) {

    public Serde<String> keySerde() {
        return Serdes.String();
    }

    /** Broker configs for this topic. */
    public Map<String, String> configs(TopicSettings settings) {
        return retention.configs(settings);
    }

    public Topic<V> named(String otherName) {
        return new Topic<>(otherName, valueSerde, keyed, retention);
    }
}
