package io.chatengine.testsupport;

import io.chatengine.common.config.KafkaSettings;
import io.chatengine.schemas.TopicSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * A real single-node KRaft broker in the test JVM, started once and shared by every test of the run (closed
 * when the JVM exits). Tests isolate themselves with unique usernames and instance ids, not separate brokers.
 */
public final class KafkaBroker {
    private static KafkaBroker shared;
    private final KafkaClusterTestKit cluster;
    private final Path stateRoot;

    private KafkaBroker() throws Exception {
        // Our own base folder: the kit's default one is deleted by a shutdown hook that races the broker's close.
        stateRoot = Files.createTempDirectory("chat-engine-test");
        cluster = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                .setBaseDirectory(Files.createDirectory(stateRoot.resolve("kafka")))
                .setCombined(true)
                .setNumBrokerNodes(1)
                .setNumControllerNodes(1)
                .build())
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("transaction.state.log.replication.factor", "1")
                .setConfigProp("transaction.state.log.min.isr", "1")
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                .setConfigProp("auto.create.topics.enable", "false")
                .build();
        cluster.format();
        cluster.startup();
        cluster.waitForReadyBrokers();
    }

    /** The shared broker, started on first use. */
    public static synchronized KafkaBroker shared() {
        if (shared == null) {
            try {
                shared = new KafkaBroker();
            } catch (Exception e) {
                throw new IllegalStateException("cannot start the test Kafka broker", e);
            }
            KafkaBroker broker = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    broker.cluster.close();
                } catch (Exception ignored) {
                    // the JVM is exiting; the broker's files are temporary
                }
            }));
        }
        return shared;
    }

    public String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    /** Settings for a service under test: this broker, 3 partitions, replication 1, a fresh state folder. */
    public KafkaSettings settings(String name) {
        try {
            Path dir = Files.createTempDirectory(stateRoot, name);
            return new KafkaSettings(bootstrapServers(), new TopicSettings(3, (short) 1,
                    TopicSettings.DEFAULT_INBOX_RETENTION_MS), dir.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public KafkaClusterTestKit cluster() {
        return cluster;
    }
}
