package io.chatengine.common.users;

import io.chatengine.common.config.KafkaSettings;
import io.chatengine.common.kafka.KafkaProps;
import io.chatengine.common.kafka.TopicFollower;
import io.chatengine.schemas.Topics;
import io.chatengine.schemas.avro.UserCreated;
import io.chatengine.schemas.avro.UserDeactivated;
import io.chatengine.schemas.avro.UserEvent;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * A read model of accounts: every user event, from the start of the users topic, folded into
 * username -> active, in memory. Deactivations are announced (a gateway closes the user's sockets).
 */
public final class UsersView implements Accounts, AutoCloseable {

    private final Map<String, Boolean> active = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<Status>> waiting = new ConcurrentHashMap<>();
    private final Consumer<String> onDeactivated;
    private final TopicFollower<UserEvent> follower;

    public UsersView(KafkaSettings kafka, String instanceId, Consumer<String> onDeactivated) {
        this.onDeactivated = onDeactivated;
        this.follower = new TopicFollower<>(kafka, instanceId + "-users", Topics.USERS,
                TopicFollower.From.BEGINNING, KafkaProps.Pace.AT_ONCE, record -> apply(record.value()));
    }

    public UsersView measure(MeterRegistry registry) {
        follower.measure(registry);
        return this;
    }

    public UsersView start() {
        follower.start();
        return this;
    }

    @Override
    public Status status(String username) {
        Boolean value = active.get(username);
        return value == null ? Status.UNKNOWN : value ? Status.ACTIVE : Status.DEACTIVATED;
    }

    @Override
    public Status awaitKnown(String username, Duration timeout) {
        CompletableFuture<Status> known = waiting.computeIfAbsent(username, u -> new CompletableFuture<>());
        Status now = status(username);
        if (now != Status.UNKNOWN) {
            waiting.remove(username, known);
            return now;
        }
        try {
            return known.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return status(username);
        } catch (ExecutionException e) {
            return status(username);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return status(username);
        } finally {
            waiting.remove(username, known);
        }
    }

    public boolean caughtUp() {
        return follower.caughtUp();
    }

    private void apply(UserEvent event) {
        if (event == null) {
            return;
        }
        if (event.getEvent() instanceof UserCreated created) {
            active.putIfAbsent(created.getUsername(), true);
            CompletableFuture<Status> waiter = waiting.remove(created.getUsername());
            if (waiter != null) {
                waiter.complete(status(created.getUsername()));
            }
        } else if (event.getEvent() instanceof UserDeactivated deactivated) {
            active.put(deactivated.getUsername(), false);
            onDeactivated.accept(deactivated.getUsername());
        }
    }

    @Override
    public void close() {
        follower.close();
    }
}
