package io.chatengine.common.ops;

import io.chatengine.common.ErrorCode;
import io.chatengine.common.config.KafkaSettings;
import io.chatengine.common.http.HttpJson;
import io.chatengine.common.http.HttpServers;
import io.chatengine.common.http.HttpSettings;
import io.chatengine.common.kafka.KafkaReachability;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.undertow.Undertow;
import io.undertow.server.HttpHandler;
import io.undertow.server.handlers.PathHandler;
import io.undertow.util.Headers;
import java.util.Map;
import java.util.OptionalInt;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operations endpoints every service serves: {@code /health/live}, {@code /health/ready} and
 * {@code /metrics} (Prometheus text format, JVM and Kafka client metrics included). They are served beside the
 * service's own routes, or, when {@code CHAT_OPS_PORT} is set, on a listener of their own that a deployment does
 * not publish, and then no longer on the public port.
 */
public final class Ops implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Ops.class);
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final KafkaReachability kafka;
    private final Readiness readiness;
    private Undertow listener;

    /** Ready when Kafka answers and the service's own readiness says so. */
    public Ops(String service, String instance, KafkaSettings kafka, Readiness readiness) {
        this.kafka = new KafkaReachability(kafka, service + "-" + instance).start();
        this.readiness = readiness;
        registry.config().commonTags("service", service, "instance", instance);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
    }

    public MeterRegistry registry() {
        return registry;
    }

    public void bind(KafkaStreams streams) {
        new KafkaStreamsMetrics(streams).bindTo(registry);
    }

    public void bind(Producer<?, ?> producer) {
        new KafkaClientMetrics(producer).bindTo(registry);
    }

    /**
     * Places the operations endpoints: on their own listener when {@link HttpSettings#opsPort()} is set (started
     * here, stopped by {@link #close()}), else among {@code routes}. Returns what the public listener serves.
     */
    public PathHandler serve(String host, HttpSettings http, PathHandler routes) {
        if (http.opsPort().isEmpty()) {
            return addTo(routes);
        }
        listener = HttpServers.on(host, http.opsPort().getAsInt(), http, addTo(HttpServers.paths()));
        listener.start();
        LOG.info("operations endpoints on port {}", port().getAsInt());
        return routes;
    }

    /** The port of the operations listener; empty when they are served on the public port. */
    public OptionalInt port() {
        return listener == null ? OptionalInt.empty() : OptionalInt.of(HttpServers.port(listener));
    }

    private PathHandler addTo(PathHandler paths) {
        return paths.addExactPath("/health/live", live())
                .addExactPath("/health/ready", ready())
                .addExactPath("/metrics", metrics());
    }

    private HttpHandler live() {
        return exchange -> HttpJson.send(exchange, 200, Map.of("status", "live"));
    }

    private HttpHandler ready() {
        return exchange -> {
            String reason = kafka.unreachableReason();
            if (reason == null) {
                reason = readiness.notReadyReason();
            }
            if (reason == null) {
                HttpJson.send(exchange, 200, Map.of("status", "ready"));
            } else {
                HttpJson.error(exchange, ErrorCode.UNAVAILABLE, reason);
            }
        };
    }

    @Override
    public void close() {
        if (listener != null) {
            listener.stop();
        }
        kafka.close();
    }

    private HttpHandler metrics() {
        return exchange -> {
            exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8");
            exchange.getResponseSender().send(registry.scrape());
        };
    }
}
