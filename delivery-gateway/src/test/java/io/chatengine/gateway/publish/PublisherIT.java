package io.chatengine.gateway.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chatengine.common.config.KafkaSettings;
import io.chatengine.common.kafka.KafkaProps;
import io.chatengine.common.kafka.TopicAdmin;
import io.chatengine.schemas.TopicSettings;
import io.chatengine.schemas.Topics;
import io.chatengine.schemas.avro.MessageCopy;
import io.chatengine.schemas.avro.MessageSent;
import io.chatengine.testsupport.Await;
import io.chatengine.testsupport.KafkaBroker;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** The gateway's one producer against a real broker, and against none. */
class PublisherIT {
    private static MessageSent message(String from, String ref) {
        return new MessageSent(UUID.randomUUID().toString(), from, "bob", ref, "hi", Instant.now(), "gw-test", "c-1",
                MessageCopy.SENDER);
    }

    @Test
    void theSendersCopyIsDurableUnderTheSendersKeyWhenItsFutureCompletes() throws Exception {
        KafkaSettings kafka = KafkaBroker.shared().settings("publisher");
        TopicAdmin.ensureShared(kafka);
        String sender = "alice-" + UUID.randomUUID();
        try (Publisher publisher = new Publisher(kafka, "gw-test");
             KafkaConsumer<String, MessageSent> consumer = new KafkaConsumer<>(
                     KafkaProps.reader(kafka, "publisher-test", KafkaProps.Pace.AT_ONCE),
                     Topics.MESSAGES.keySerde().deserializer(), Topics.MESSAGES.valueSerde().deserializer())) {
            publisher.message(message(sender, "c1")).get(10, TimeUnit.SECONDS);

            List<TopicPartition> partitions = consumer.partitionsFor(Topics.MESSAGES.name()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            List<ConsumerRecord<String, MessageSent>> mine = new ArrayList<>();
            Await.until(Duration.ofSeconds(10), "the sender's copy in " + Topics.MESSAGES.name(), () -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (r.value().getFrom().equals(sender)) {
                        mine.add(r);
                    }
                });
                return !mine.isEmpty();
            });
            assertEquals(sender, mine.get(0).key(), "keyed by the sender: its inbox's partition decides on it");
            assertEquals("c1", mine.get(0).value().getRef());
        }
    }

    @Test
    void withKafkaUnreachableEverySendFailsWithinTheAnswerTimeAndRecordsThatWaitedTooLongAreNotSent()
            throws Exception {
        KafkaSettings nowhere = new KafkaSettings("127.0.0.1:1", new TopicSettings(1, (short) 1,
                TopicSettings.DEFAULT_INBOX_RETENTION_MS), System.getProperty("java.io.tmpdir"));
        try (Publisher publisher = new Publisher(nowhere, "gw-test")) {
            long start = System.nanoTime();
            List<CompletableFuture<Void>> sends = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                sends.add(publisher.message(message("alice", "c" + i)));
            }
            List<String> failures = new ArrayList<>();
            for (CompletableFuture<Void> send : sends) {
                try {
                    send.get(KafkaProps.ANSWER_WITHIN.toMillis(), TimeUnit.MILLISECONDS);
                    failures.add("sent");
                } catch (ExecutionException e) {
                    failures.add(String.valueOf(e.getCause().getMessage()));
                }
            }
            assertTrue(System.nanoTime() - start < KafkaProps.ANSWER_WITHIN.toNanos(), "answered within the time");
            assertTrue(failures.stream().noneMatch("sent"::equals), failures.toString());
            // each send waits up to a second for metadata on the hand-off thread; the last of five waited longer
            // than the hand-off limit for its turn and was failed without reaching the producer
            assertTrue(failures.get(4).contains("took no record"), failures.toString());
        }
    }
}
