package io.chatengine.bench;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * How well the engine's Kafka clients gather records into requests over a measured window, from each service's own
 * client metrics on {@code /metrics}: records per produce request, produce and fetch requests per message. Each
 * request costs the broker and the client CPU of its own whatever it carries, so these say how much of the CPU per
 * message is per-request overhead.
 */
final class KafkaRequests {
    static final String RECORDS_SENT = "kafka_producer_record_send_total";
    static final String PRODUCE_REQUESTS = "kafka_producer_request_total";
    static final String FETCHES = "kafka_consumer_fetch_manager_fetch_total";
    private static final Set<String> COUNTERS = Set.of(RECORDS_SENT, PRODUCE_REQUESTS, FETCHES);
    /** Longer than the request's own timeout: a scrape that never answers has failed by then. */
    private static final Duration WAIT = Duration.ofSeconds(10);

    private KafkaRequests() {
    }

    /** The services whose /metrics are read, their ops URLs by process name (a broker has none). */
    record Meter(Map<String, String> ops, HttpClient http) {
        static Meter none() {
            return new Meter(Map.of(), null);
        }

        /** Every service instance of the engine, named as the CPU time names them. */
        static Meter services(Target target) {
            Map<String, String> ops = new LinkedHashMap<>();
            for (Target.EngineProcess process : target.processes()) {
                if (!process.ops().isEmpty()) {
                    ops.put(process.name(), process.ops());
                }
            }
            return new Meter(ops, HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build());
        }

        /** Sends the scrapes and returns without waiting: it runs on the load's I/O thread. */
        Reading read() {
            Map<String, CompletableFuture<Snapshot>> scrapes = new LinkedHashMap<>();
            ops.forEach((process, url) ->
                    scrapes.put(process, PrometheusText.fetch(http, url).thenApply(Snapshot::parse)));
            return new Reading(scrapes);
        }
    }

    /** The scrapes sent at one moment, by process name. */
    record Reading(Map<String, CompletableFuture<Snapshot>> scrapes) {
        /** From this reading to {@code later}, over {@code messages}. */
        Span until(Reading later, long messages) {
            return new Span(this, later, messages);
        }
    }

    /** A measured window: its readings at the start and the end, and the messages sent in it. */
    record Span(Reading start, Reading end, long messages) {
        /**
         * Waits for the scrapes and counts; a process whose scrape failed at either end is left out of the figures
         * and named in their errors.
         */
        Figures figures() throws InterruptedException {
            Map<String, Counts> byProcess = new LinkedHashMap<>();
            List<String> errors = new ArrayList<>();
            for (Map.Entry<String, CompletableFuture<Snapshot>> entry : start.scrapes.entrySet()) {
                String process = entry.getKey();
                Snapshot first = await(process, "start", entry.getValue(), errors);
                Snapshot last = await(process, "end", end.scrapes.get(process), errors);
                if (first != null && last != null) {
                    byProcess.put(process, first.growth(last));
                }
            }
            return Figures.of(byProcess, messages, errors);
        }

        private static Snapshot await(String process, String when, CompletableFuture<Snapshot> scrape,
                                      List<String> errors) throws InterruptedException {
            try {
                return scrape.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                errors.add(process + " left out: /metrics not read at the " + when + " of the window: " + e.getCause());
            } catch (TimeoutException e) {
                errors.add(process + " left out: /metrics not read at the " + when + " of the window: no answer in "
                        + WAIT.toSeconds() + " s");
            }
            return null;
        }
    }

    /** One series: a metric and its labels (the client's id among them). */
    private record Series(String name, Map<String, String> labels) {
    }

    /** One process's request counters at one moment, each series apart. */
    record Snapshot(Map<Series, Double> counters) {
        static Snapshot parse(String metrics) {
            Map<Series, Double> counters = new HashMap<>();
            for (PrometheusText.Sample sample : PrometheusText.samples(metrics, COUNTERS)) {
                // a restore consumer rebuilds state from changelogs: its fetches are not the message path's
                if (!sample.labels().getOrDefault("client_id", "").contains("restore-consumer")) {
                    counters.merge(new Series(sample.name(), sample.labels()), sample.value(), Double::sum);
                }
            }
            return new Snapshot(counters);
        }

        /**
         * What the counters grew by from this snapshot to {@code later}, summed over the process's clients. A series
         * missing here (a client made in the window) counts from 0, and so does one lower later (its process
         * started again); one gone later (a client closed) cannot be counted.
         */
        Counts growth(Snapshot later) {
            Map<String, Double> byName = new HashMap<>();
            later.counters.forEach((series, value) -> {
                double before = counters.getOrDefault(series, 0.0);
                byName.merge(series.name(), value >= before ? value - before : value, Double::sum);
            });
            return new Counts(byName.getOrDefault(RECORDS_SENT, 0.0), byName.getOrDefault(PRODUCE_REQUESTS, 0.0),
                    byName.getOrDefault(FETCHES, 0.0));
        }
    }

    /** Records sent, produce requests and fetch requests over a window. */
    record Counts(double records, double produceRequests, double fetches) {
        static final Counts ZERO = new Counts(0, 0, 0);

        Counts plus(Counts other) {
            return new Counts(records + other.records, produceRequests + other.produceRequests,
                    fetches + other.fetches);
        }

        /** {@code producerRecordsPerRequest} is NaN where nothing was produced. */
        Figure per(long messages) {
            double each = Math.max(1, messages);
            return new Figure(produceRequests == 0 ? Double.NaN : records / produceRequests, produceRequests / each,
                    fetches / each);
        }
    }

    /** How many records a produce request carried, and how many produce and fetch requests each message cost. */
    record Figure(double producerRecordsPerRequest, double produceRequestsPerMessage, double fetchRequestsPerMessage) {
    }

    /** The figures of each process that was read, of all of them together, and why any was left out. */
    record Figures(Map<String, Figure> byProcess, Figure total, List<String> errors) {
        static Figures of(Map<String, Counts> byProcess, long messages, List<String> errors) {
            Map<String, Figure> figures = new LinkedHashMap<>();
            Counts total = Counts.ZERO;
            for (Map.Entry<String, Counts> process : byProcess.entrySet()) {
                figures.put(process.getKey(), process.getValue().per(messages));
                total = total.plus(process.getValue());
            }
            return new Figures(figures, total.per(messages), List.copyOf(errors));
        }

        /** Nothing was asked: the load read no service's metrics. */
        boolean none() {
            return byProcess.isEmpty() && errors.isEmpty();
        }
    }
}
