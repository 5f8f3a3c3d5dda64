package io.chatengine.common.kafka;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chatengine.common.config.KafkaSettings;
import io.chatengine.testsupport.Await;
import io.chatengine.testsupport.KafkaBroker;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * presence-stream's clients against a real broker: its producer lingers when its main consumer reads a busy
 * stream, whatever the producer itself writes, and sends at once when what it reads is quiet.
 */
class PacedClientsIT {
    private static final String INPUT = "paced-input-" + UUID.randomUUID();
    private static final String OUTPUT = "paced-output-" + UUID.randomUUID();
    private static final int WINDOW_MS = 3_000;
    private static final int RECORDS = 500;

    @BeforeAll
    static void topics() throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", KafkaBroker.shared().bootstrapServers()));
             Producer<byte[], byte[]> writer = new KafkaProducer<>(producerProps(), new ByteArraySerializer(),
                     new ByteArraySerializer())) {
            admin.createTopics(Set.of(new NewTopic(INPUT, 1, (short) 1), new NewTopic(OUTPUT, 1, (short) 1)))
                    .all().get(30, TimeUnit.SECONDS);
            for (int i = 0; i < RECORDS; i++) {
                writer.send(new ProducerRecord<>(INPUT, ("input " + i).getBytes()));
            }
            writer.flush();
        }
    }

    private static Map<String, Object> producerProps() {
        return KafkaProps.producer(KafkaBroker.shared().settings("paced"), "paced-" + UUID.randomUUID());
    }

    @Test
    void theProducerLingersOnlyWhileTheMainConsumerReadsABusyStream() throws Exception {
        PacedClients clients = new PacedClients(new KafkaSettings.Batching(WINDOW_MS, 300, 1));
        try (Producer<byte[], byte[]> producer = clients.getProducer(producerProps());
             Consumer<byte[], byte[]> consumer = clients.getConsumer(Map.of(
                     ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.shared().bootstrapServers(),
                     ConsumerConfig.MAX_POLL_RECORDS_CONFIG, RECORDS))) {
            assertTrue(sendMs(producer) < WINDOW_MS / 2, "nothing read yet: idle, sent at once");

            TopicPartition input = new TopicPartition(INPUT, 0);
            consumer.assign(List.of(input));
            consumer.seekToBeginning(List.of(input));
            int[] read = {0};
            Await.until(Duration.ofSeconds(30), "the input read", () -> {
                read[0] += consumer.poll(Duration.ofMillis(500)).count();
                return read[0] == RECORDS;
            });
            long busyMs = sendMs(producer); // at once: the meter counts the last tenth of a second
            assertTrue(busyMs >= WINDOW_MS - 100, "having just read " + RECORDS + " records the producer is busy and "
                    + "waits its window, but sent in " + busyMs + " ms");
        }
    }

    /** How long one record of the producer takes to be acknowledged. */
    private static long sendMs(Producer<byte[], byte[]> producer) throws Exception {
        long start = System.nanoTime();
        producer.send(new ProducerRecord<>(OUTPUT, "output".getBytes())).get(WINDOW_MS + 10_000L, TimeUnit.MILLISECONDS);
        return Duration.ofNanos(System.nanoTime() - start).toMillis();
    }
}
