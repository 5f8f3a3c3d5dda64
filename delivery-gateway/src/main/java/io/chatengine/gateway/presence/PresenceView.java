package io.chatengine.gateway.presence;

import io.chatengine.common.config.KafkaSettings;
import io.chatengine.common.kafka.KafkaProps;
import io.chatengine.common.kafka.TopicFollower;
import io.chatengine.common.protocol.Frames;
import io.chatengine.gateway.ws.Connection;
import io.chatengine.schemas.Topics;
import io.chatengine.schemas.avro.Presence;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Presence of every user (the compacted presence topic, read whole) and which local sockets watch whom. A
 * change reaches the watchers as soon as it is read.
 */
public final class PresenceView implements AutoCloseable {
    private final Map<String, Presence> latest = new ConcurrentHashMap<>();
    private final Map<String, Set<Connection>> watchers = new ConcurrentHashMap<>();
    private final TopicFollower<Presence> follower;

    public PresenceView(KafkaSettings kafka, String instanceId) {
        this.follower = new TopicFollower<>(kafka, instanceId + "-presence", Topics.PRESENCE,
                TopicFollower.From.BEGINNING, KafkaProps.Pace.GATHERED, record -> changed(record.key(), record.value()));
    }

    /** A user's presence as read from the topic (null: the record was deleted); their watchers are told. */
    void changed(String user, Presence presence) {
        if (presence == null) {
            latest.remove(user);
        } else {
            latest.put(user, presence);
        }
        String frame = Frames.presence(user, presence);
        watchers.getOrDefault(user, Set.of()).forEach(c -> c.send(frame));
    }

    public PresenceView measure(MeterRegistry registry) {
        follower.measure(registry);
        return this;
    }

    public PresenceView start() {
        follower.start();
        return this;
    }

    public boolean caughtUp() {
        return follower.caughtUp();
    }

    /** Replaces what the connection watches and sends the current state of each user at once. */
    public void watch(Connection connection, List<String> users) {
        unwatch(connection);
        connection.watched(users);
        for (String user : users) {
            watchers.computeIfAbsent(user, u -> ConcurrentHashMap.newKeySet()).add(connection);
            connection.send(Frames.presence(user, latest.get(user)));
        }
    }

    public void unwatch(Connection connection) {
        for (String user : connection.watched()) {
            watchers.computeIfPresent(user, (u, set) -> {
                set.remove(connection);
                return set.isEmpty() ? null : set;
            });
        }
        connection.watched(List.of());
    }

    @Override
    public void close() {
        follower.close();
    }
}
