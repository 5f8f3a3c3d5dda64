package io.chatengine.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

class KafkaRequestsTest {
    private static final String GW = "instance=\"gw-1\",kafka_version=\"4.3.0\",service=\"delivery-gateway\"";
    private static final String PRESENCE =
            "instance=\"presence-1\",kafka_version=\"4.3.0\",service=\"presence-stream\"";
    private static final String PRESENCE_PRODUCER = "presence-stream-presence-1-StreamThread-1-producer";
    private static final String RESTORE = "presence-stream-presence-1-StateUpdater-1-restore-consumer";

    @Test
    void aProcessCountsWhatItsClientsSentAndFetchedInTheWindowButNotItsRestoreConsumers() {
        KafkaRequests.Snapshot start = KafkaRequests.Snapshot.parse(PrometheusTextTest.SAMPLE);
        KafkaRequests.Snapshot end = KafkaRequests.Snapshot.parse("""
                kafka_producer_request_total{client_id="gw-1",%1$s} 2565.0
                kafka_producer_node_request_total{client_id="gw-1",%1$s,node_id="node-1"} 9999.0
                kafka_producer_record_send_total{client_id="%2$s",%3$s} 101600.0
                kafka_consumer_fetch_manager_fetch_total{client_id="gw-1-deliveries",%1$s} 1534.0
                kafka_consumer_fetch_manager_fetch_total{client_id="%4$s",%3$s} 905.0
                """.formatted(GW, PRESENCE_PRODUCER, PRESENCE, RESTORE));
        assertEquals(new KafkaRequests.Counts(1_000, 100, 300), start.growth(end));
    }

    @Test
    void aClientMadeInTheWindowCountsFromZeroAndSeveralProducersAddUp() {
        KafkaRequests.Snapshot start = KafkaRequests.Snapshot.parse(producer("gw-1", GW, 400, 100));
        KafkaRequests.Snapshot end = KafkaRequests.Snapshot.parse(
                producer("gw-1", GW, 600, 150) + producer("gw-1-heartbeats", GW, 10, 10));
        assertEquals(new KafkaRequests.Counts(210, 60, 0), start.growth(end));
    }

    @Test
    void aCounterLowerAtTheEndCountsFromZeroAsItsProcessStartedAgain() {
        KafkaRequests.Snapshot start = KafkaRequests.Snapshot.parse(
                "kafka_consumer_fetch_manager_fetch_total{client_id=\"gw-1-deliveries\",%s} 5000.0".formatted(GW));
        KafkaRequests.Snapshot end = KafkaRequests.Snapshot.parse(
                "kafka_consumer_fetch_manager_fetch_total{client_id=\"gw-1-deliveries\",%s} 70.0".formatted(GW));
        assertEquals(new KafkaRequests.Counts(0, 0, 70), start.growth(end));
    }

    @Test
    void figuresAreRatiosByProcessAndOfTheSumsOverAllProcesses() {
        Map<String, KafkaRequests.Counts> counts = new LinkedHashMap<>();
        counts.put("presence-stream presence-1", new KafkaRequests.Counts(3_000, 500, 1_000));
        counts.put("delivery-gateway gw-1", new KafkaRequests.Counts(1_000, 500, 1_500));
        counts.put("query-api query-1", new KafkaRequests.Counts(0, 0, 250));
        KafkaRequests.Figures figures = KafkaRequests.Figures.of(counts, 1_000, List.of());
        assertEquals(new KafkaRequests.Figure(6, 0.5, 1), figures.byProcess().get("presence-stream presence-1"));
        assertEquals(new KafkaRequests.Figure(2, 0.5, 1.5), figures.byProcess().get("delivery-gateway gw-1"));
        KafkaRequests.Figure query = figures.byProcess().get("query-api query-1");
        assertTrue(Double.isNaN(query.producerRecordsPerRequest()), "nothing produced: no records per request");
        assertEquals(0.25, query.fetchRequestsPerMessage());
        assertEquals(new KafkaRequests.Figure(4, 1, 2.75), figures.total());
        assertEquals(List.of("presence-stream presence-1", "delivery-gateway gw-1", "query-api query-1"),
                List.copyOf(figures.byProcess().keySet()));
    }

    @Test
    void eachServiceIsScrapedAtBothEndsAndOneThatFailsIsLeftOutSayingWhy() throws Exception {
        Map<String, String> served = new ConcurrentHashMap<>();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> answer(exchange, served.get(exchange.getRequestURI().getPath())));
        server.start();
        try {
            String ops = "http://127.0.0.1:" + server.getAddress().getPort();
            Target target = new Target(Path.of("."), "127.0.0.1:1", "secret", List.of(), List.of(), List.of(), List.of(
                    new Target.EngineProcess("kafka", "kafka", 1, "127.0.0.1:9092", ""),
                    new Target.EngineProcess("delivery-gateway", "gw-1", 2, "", ops + "/gw-1"),
                    new Target.EngineProcess("presence-stream", "presence-1", 3, "", ops + "/presence-1")));
            KafkaRequests.Meter meter = KafkaRequests.Meter.services(target);
            assertEquals(List.of("delivery-gateway gw-1", "presence-stream presence-1"),
                    List.copyOf(meter.ops().keySet()), "the broker has no /metrics");

            served.put("/gw-1/metrics", producer("gw-1", GW, 100, 100));
            served.put("/presence-1/metrics", producer(PRESENCE_PRODUCER, PRESENCE, 10, 10));
            KafkaRequests.Reading start = meter.read();
            start.scrapes().values().forEach(scrape -> scrape.join()); // before the texts change
            served.put("/gw-1/metrics", producer("gw-1", GW, 400, 200));
            served.remove("/presence-1/metrics");
            KafkaRequests.Figures figures = start.until(meter.read(), 100).figures();

            assertEquals(Map.of("delivery-gateway gw-1", new KafkaRequests.Figure(3, 1, 0)), figures.byProcess());
            assertEquals(new KafkaRequests.Figure(3, 1, 0), figures.total());
            assertEquals(1, figures.errors().size());
            String error = figures.errors().get(0);
            assertTrue(error.startsWith("presence-stream presence-1 left out: /metrics not read at the end"), error);
            assertTrue(error.contains("answered 404"), error);
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aLoadThatReadsNoServiceHasNoFigures() throws Exception {
        KafkaRequests.Meter none = KafkaRequests.Meter.none();
        assertTrue(none.read().until(none.read(), 100).figures().none());
    }

    private static String producer(String client, String labels, long records, long requests) {
        return """
                kafka_producer_record_send_total{client_id="%1$s",%2$s} %3$d.0
                kafka_producer_request_total{client_id="%1$s",%2$s} %4$d.0
                """.formatted(client, labels, records, requests);
    }

    private static void answer(HttpExchange exchange, String body) throws IOException {
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(body == null ? 404 : 200, body == null ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
