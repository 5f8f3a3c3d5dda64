package io.chatengine.common.kafka;

import io.chatengine.common.config.KafkaSettings;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

/**
 * Whether Kafka answers. A stream application stays RUNNING and a producer keeps accepting records while every
 * broker is gone, so readiness asks the cluster itself: a describe-cluster every {@link #PROBE_EVERY}, and Kafka
 * counts as unreachable when none has been answered for {@link #UNREACHABLE_AFTER}.
 */
public final class KafkaReachability implements AutoCloseable {
    static final Duration PROBE_EVERY = Duration.ofSeconds(1);
    static final Duration UNREACHABLE_AFTER = Duration.ofSeconds(4);
    private final Admin admin;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "kafka-reachability");
        thread.setDaemon(true);
        return thread;
    });
    private volatile long answeredAtNanos = System.nanoTime();

    public KafkaReachability(KafkaSettings kafka, String clientId) {
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                AdminClientConfig.CLIENT_ID_CONFIG, clientId + "-reachability",
                AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, (int) PROBE_EVERY.toMillis()));
    }

    public KafkaReachability start() {
        timer.scheduleWithFixedDelay(this::probe, 0, PROBE_EVERY.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    private void probe() {
        long askedAt = System.nanoTime();
        admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) UNREACHABLE_AFTER.toMillis()))
                .nodes().whenComplete((nodes, error) -> {
                    if (error == null && !nodes.isEmpty()) {
                        answeredAtNanos = Math.max(answeredAtNanos, askedAt);
                    }
                });
    }

    /** Null while Kafka answers; otherwise how long it has not. */
    public String unreachableReason() {
        long silentMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - answeredAtNanos);
        return silentMs <= UNREACHABLE_AFTER.toMillis() ? null : "Kafka has not answered for " + silentMs + " ms";
    }

    @Override
    public void close() {
        timer.shutdownNow();
        admin.close(Duration.ofSeconds(1));
    }
}
