package io.chatengine.users.http;

import io.chatengine.common.config.KafkaSettings;
import io.chatengine.common.kafka.KafkaProps;
import io.chatengine.common.kafka.TopicFollower;
import io.chatengine.schemas.Topic;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The requests of this instance waiting for their decision, matched with the replies read from one of this
 * instance's reply topics (keyed by request id; read_committed: a reply is only seen once its event is committed).
 *
 * @param <R> the reply type of the topic
 */
public final class PendingReplies<R> implements AutoCloseable {
    private final Map<String, CompletableFuture<R>> pending = new ConcurrentHashMap<>();
    private final TopicFollower<R> follower;
    private final int max;

    /** @param topic this instance's reply topic ({@code Topics.userReplies(id)}, {@code Topics.roomReplies(id)}) */
    public PendingReplies(KafkaSettings kafka, String clientId, Topic<R> topic, int max) {
        this.max = max;
        this.follower = new TopicFollower<>(kafka, clientId, topic, TopicFollower.From.END, KafkaProps.Pace.AT_ONCE,
                record -> {
                    CompletableFuture<R> waiting = pending.remove(record.key());
                    if (waiting != null) {
                        waiting.complete(record.value());
                    }
                });
    }

    public PendingReplies<R> start() {
        follower.start();
        return this;
    }

    public boolean ready() {
        return follower.caughtUp();
    }

    /** A future for the reply to this request, or null when too many requests wait already. */
    public CompletableFuture<R> expect(String requestId, Duration timeout) {
        if (pending.size() >= max) {
            return null;
        }
        CompletableFuture<R> reply = new CompletableFuture<>();
        pending.put(requestId, reply);
        return reply.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((r, error) -> pending.remove(requestId));
    }

    @Override
    public void close() {
        follower.close();
    }
}
