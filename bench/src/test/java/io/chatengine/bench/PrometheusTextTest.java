package io.chatengine.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpClient;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

class PrometheusTextTest {
    /** As a service's /metrics serves it (Micrometer's Prometheus registry), cut down. */
    static final String SAMPLE = """
            # HELP jvm_memory_used_bytes The amount of used memory
            # TYPE jvm_memory_used_bytes gauge
            jvm_memory_used_bytes{area="heap",id="G1 Eden Space",instance="gw-1",service="delivery-gateway"} 1.2582912E7
            jvm_memory_used_bytes{area="nonheap",id="Metaspace",instance="gw-1",service="delivery-gateway"} 4.1E7
            # HELP kafka_producer_request_total The total number of requests sent
            # TYPE kafka_producer_request_total counter
            kafka_producer_request_total{client_id="gw-1",instance="gw-1",kafka_version="4.3.0",service="delivery-gateway"} 2465.0
            kafka_producer_node_request_total{client_id="gw-1",instance="gw-1",kafka_version="4.3.0",node_id="node-1",service="delivery-gateway"} 2400.0
            kafka_producer_record_send_total{client_id="presence-stream-presence-1-StreamThread-1-producer",instance="presence-1",kafka_version="4.3.0",service="presence-stream"} 100600.0
            kafka_consumer_fetch_manager_fetch_total{client_id="gw-1-deliveries",instance="gw-1",kafka_version="4.3.0",service="delivery-gateway"} 1234.0
            kafka_consumer_fetch_manager_fetch_total{client_id="presence-stream-presence-1-StateUpdater-1-restore-consumer",instance="presence-1",kafka_version="4.3.0",service="presence-stream"} 5.0
            """;

    @Test
    void readsTheNameLabelsAndValueOfTheWantedMetricsOnly() {
        List<PrometheusText.Sample> samples = PrometheusText.samples(SAMPLE, Set.of("kafka_producer_request_total"));
        assertEquals(List.of(new PrometheusText.Sample("kafka_producer_request_total",
                Map.of("client_id", "gw-1", "instance", "gw-1", "kafka_version", "4.3.0", "service",
                        "delivery-gateway"), 2465.0)), samples);
    }

    @Test
    void readsEveryLineOfAMetricInTheOrderOfTheText() {
        List<PrometheusText.Sample> fetches = PrometheusText.samples(SAMPLE,
                Set.of("kafka_consumer_fetch_manager_fetch_total", "jvm_memory_used_bytes"));
        assertEquals(List.of("heap", "nonheap"), fetches.subList(0, 2).stream().map(s -> s.labels().get("area")).toList());
        assertEquals(12_582_912.0, fetches.get(0).value());
        assertEquals(List.of("gw-1-deliveries", "presence-stream-presence-1-StateUpdater-1-restore-consumer"),
                fetches.subList(2, 4).stream().map(s -> s.labels().get("client_id")).toList());
    }

    @Test
    void aLabelValueMayHoldEscapedQuotesBracesAndCommas() {
        String line = "m{a=\"x\\\"}, y\",b=\"back\\\\slash\",} 3 1700000000000\n";
        PrometheusText.Sample sample = PrometheusText.samples(line, Set.of("m")).get(0);
        assertEquals(Map.of("a", "x\"}, y", "b", "back\\slash"), sample.labels());
        assertEquals(3.0, sample.value());
    }

    @Test
    void aMetricWithoutLabelsAndSpecialValuesAreRead() {
        List<PrometheusText.Sample> samples = PrometheusText.samples("up 1\ninf +Inf\nnan NaN\n",
                Set.of("up", "inf", "nan"));
        assertEquals(Map.of(), samples.get(0).labels());
        assertEquals(1.0, samples.get(0).value());
        assertEquals(Double.POSITIVE_INFINITY, samples.get(1).value());
        assertTrue(Double.isNaN(samples.get(2).value()));
    }

    @Test
    void aBrokenLineOfAWantedMetricFailsAndOneOfAnotherIsNotRead() {
        String text = "other{a=\"unterminated} 1\nwanted{a=\"1\"} many\n";
        assertEquals(List.of(), PrometheusText.samples(text, Set.of("nothing")));
        IllegalArgumentException broken = assertThrows(IllegalArgumentException.class,
                () -> PrometheusText.samples(text, Set.of("wanted")));
        assertTrue(broken.getMessage().contains("wanted{a=\"1\"} many"), broken.getMessage());
        assertThrows(IllegalArgumentException.class, () -> PrometheusText.samples(text, Set.of("other")));
    }

    @Test
    void anOpsUrlThatIsNoUrlFailsTheFetchInsteadOfThrowing() {
        ExecutionException failed = assertThrows(ExecutionException.class,
                () -> PrometheusText.fetch(HttpClient.newHttpClient(), "not a url").get());
        assertTrue(failed.getCause() instanceof IllegalArgumentException, failed.toString());
    }
}
