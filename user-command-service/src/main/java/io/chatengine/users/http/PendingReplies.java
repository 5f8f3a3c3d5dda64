package io.chatengine.users.http;

import io.chatengine.common.config.KafkaSettings;
import io.chatengine.common.kafka.KafkaProps;
import io.chatengine.common.kafka.TopicFollower;
import io.chatengine.schemas.Topics;
import io.chatengine.schemas.avro.UserReply;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The requests of this instance waiting for their decision, matched with the replies read from this instance's
 * reply topic (read_committed: a reply is only seen once its event is committed).
 */
public final class PendingReplies implements AutoCloseable {
    private final Map<String, CompletableFuture<UserReply>> pending = new ConcurrentHashMap<>();
    private final TopicFollower<UserReply> follower;
    private final int max;

    public PendingReplies(KafkaSettings kafka, String instanceId, int max) {
        this.max = max;
        this.follower = new TopicFollower<>(kafka, instanceId + "-replies", Topics.userReplies(instanceId),
                TopicFollower.From.END, KafkaProps.Pace.AT_ONCE, record -> {
                    CompletableFuture<UserReply> waiting = pending.remove(record.key());
                    if (waiting != null) {
                        waiting.complete(record.value());
                    }
                });
    }

    public PendingReplies start() {
        follower.start();
        return this;
    }

    public boolean ready() {
        return follower.caughtUp();
    }

    /** A future for the reply to this request, or null when too many requests wait already. */
    public CompletableFuture<UserReply> expect(String requestId, Duration timeout) {
        if (pending.size() >= max) {
            return null;
        }
        CompletableFuture<UserReply> reply = new CompletableFuture<>();
        pending.put(requestId, reply);
        return reply.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((r, error) -> pending.remove(requestId));
    }

    @Override
    public void close() {
        follower.close();
    }
}
