package io.chatengine.common.kafka;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chatengine.common.config.KafkaSettings;
import io.chatengine.testsupport.KafkaBroker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The message path's producer against a real broker: it waits for a window only while busy. */
class PacedProducerIT {
    private static final String TOPIC = "paced-" + UUID.randomUUID();

    @BeforeAll
    static void topic() throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", KafkaBroker.shared().bootstrapServers()))) {
            admin.createTopics(Set.of(new NewTopic(TOPIC, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
    }

    private static Map<String, Object> props() {
        return KafkaProps.producer(KafkaBroker.shared().settings("paced"), "paced-" + UUID.randomUUID());
    }

    private static PacedProducer<String, String> producer(int windowMs) {
        return new PacedProducer<>(props(), new KafkaSettings.Batching(windowMs, 300, 1), new StringSerializer(),
                new StringSerializer());
    }

    @Test
    void anIdleProducerSendsAtOnceHoweverLongTheWindow() throws Exception {
        // a burst that stays under the rate: 20 records, then one at a time
        try (PacedProducer<String, String> producer = producer(60_000)) {
            List<Future<RecordMetadata>> sent = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                sent.add(producer.send(new ProducerRecord<>(TOPIC, "k", "burst " + i)));
            }
            for (Future<RecordMetadata> future : sent) {
                future.get(10, TimeUnit.SECONDS);
            }
            for (int i = 0; i < 3; i++) {
                producer.send(new ProducerRecord<>(TOPIC, "k", "idle " + i)).get(10, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void aBusyProducerHoldsRecordsForTheWindowAndSendsThemTogether() throws Exception {
        int windowMs = 3_000;
        KafkaSettings.Batching batching = new KafkaSettings.Batching(windowMs, 300, 1);
        BusyMeter inputs = new BusyMeter(batching.busyPerSecond(), System.nanoTime());
        inputs.add(1_000_000, System.nanoTime());
        try (PacedProducer<String, String> producer = new PacedProducer<>(props(), batching, new StringSerializer(),
                new StringSerializer(), inputs)) {
            List<Future<RecordMetadata>> sent = new ArrayList<>();
            long start = System.nanoTime();
            for (int i = 0; i < 500; i++) {
                sent.add(producer.send(new ProducerRecord<>(TOPIC, "k", "busy " + i)));
            }
            for (Future<RecordMetadata> future : sent) {
                future.get(windowMs + 10_000, TimeUnit.MILLISECONDS);
            }
            long tookMs = Duration.ofNanos(System.nanoTime() - start).toMillis();
            assertTrue(tookMs >= windowMs - 100, "records sent while busy waited " + tookMs + " ms, not the window");
            double perRequest = (double) producer.metrics().entrySet().stream()
                    .filter(e -> e.getKey().name().equals("records-per-request-avg")
                            && e.getKey().group().equals("producer-metrics"))
                    .findFirst().orElseThrow().getValue().metricValue();
            assertTrue(perRequest > 50, "records per request: " + perRequest);
        }
    }
}
