package io.chatengine.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chatengine.common.InboxKeys;
import io.chatengine.schemas.Topics;
import io.chatengine.schemas.avro.InboxEntry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * How long a presence-stream instance that lost its disk takes to serve again: it is stopped, its inbox store's
 * changelog is given {@code entries} more entries over {@code owners} new inboxes (as many as the chat would
 * have written), its state folder is deleted, and it is started again; the figure is the time from the start to
 * /health/ready, which waits for every store to be restored.
 */
final class Restore {
    private static final String TEXT = "a message of an ordinary length, about as long as most chat lines are.";

    private Restore() {
    }

    static ObjectNode run(Target target, String instance, int entries, int owners) throws Exception {
        EngineControl engine = new EngineControl(target);
        EngineControl.require(engine.run("kill", instance, "--signal", "TERM")); // returns once it has exited
        long filling = System.nanoTime();
        fill(target.kafka(), entries, owners);
        double fillS = (System.nanoTime() - filling) / 1e9;
        Path state = target.runDir().resolve("state").resolve("presence-stream-" + instance);
        long stateBytes = size(state);
        delete(state);
        long starting = System.nanoTime();
        EngineControl.require(engine.run("start", instance));
        EngineControl.require(engine.awaitReady(instance));
        double restoreS = (System.nanoTime() - starting) / 1e9;
        ObjectNode result = Target.JSON.createObjectNode();
        result.put("instance", instance).put("entriesAdded", entries).put("owners", owners)
                .put("fillS", Math.round(fillS * 10) / 10.0).put("stateMiBDeleted", stateBytes >> 20)
                .put("restoreS", Math.round(restoreS * 10) / 10.0);
        return result;
    }

    /** Writes the entries straight to the inbox changelog, each in the partition of its owner's task. */
    private static void fill(String bootstrap, int entries, int owners) throws Exception {
        String topic = Topics.INBOX.name();
        int partitions;
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            partitions = admin.describeTopics(List.of(topic)).allTopicNames().get()
                    .get(topic).partitions().size();
        }
        String run = UUID.randomUUID().toString().substring(0, 6);
        Instant at = Instant.now();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 20,
                ProducerConfig.BATCH_SIZE_CONFIG, 512 * 1024), new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < entries; i++) {
                String owner = "restore-" + run + "-" + (i % owners);
                long seq = i / owners + 1;
                InboxEntry entry = new InboxEntry(owner, seq, UUID.randomUUID().toString(), "restore-" + run + "-peer",
                        owner, "r" + seq, TEXT, at, null, null);
                int partition = BuiltInPartitioner.partitionForKey(owner.getBytes(StandardCharsets.UTF_8), partitions);
                producer.send(new ProducerRecord<>(topic, partition,
                        InboxKeys.entry(owner, seq).getBytes(StandardCharsets.UTF_8),
                        Topics.INBOX.valueSerde().serializer().serialize(topic, entry)));
            }
            producer.flush();
        }
    }

    private static long size(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        }
    }

    private static void delete(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
