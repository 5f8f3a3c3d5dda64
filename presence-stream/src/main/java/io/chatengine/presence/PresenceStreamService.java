package io.chatengine.presence;

import io.chatengine.common.config.ServiceSettings;
import io.chatengine.common.http.HttpServers;
import io.chatengine.common.kafka.KafkaProps;
import io.chatengine.common.kafka.PacedClients;
import io.chatengine.common.kafka.StreamsRuntime;
import io.chatengine.common.kafka.TopicAdmin;
import io.chatengine.common.ops.Ops;
import io.chatengine.common.ops.Service;
import io.chatengine.presence.config.PresenceConfig;
import io.chatengine.presence.topology.PresenceTopology;
import io.undertow.Handlers;
import io.undertow.Undertow;
import java.util.Properties;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * presence-stream: the single writer of every user's inbox and presence. It turns accepted messages and
 * connection events into sequenced inbox entries, frames routed to the gateways that hold the user's sockets,
 * and presence; see {@link PresenceTopology}. Serves health and metrics over HTTP.
 */
public final class PresenceStreamService implements Service {
    private static final Logger LOG = LoggerFactory.getLogger(PresenceStreamService.class);
    private final PresenceConfig config;
    /** What every service reads: its Kafka, instance id, address and HTTP limits. */
    private final ServiceSettings service;
    private StreamsRuntime streams;
    private Undertow http;
    private Ops ops;
    private volatile boolean topicsReady;

    public PresenceStreamService(PresenceConfig config) {
        this.config = config;
        this.service = config.service();
    }

    @Override
    public void start() {
        TopicAdmin.ensureShared(service.kafka());
        topicsReady = true;
        Properties props = KafkaProps.streams(service.kafka(), PresenceConfig.APPLICATION_ID, service.instanceId(),
                KafkaProps.Guarantee.AT_LEAST_ONCE, config.commitIntervalMs(), KafkaProps.Pace.AT_ONCE);
        ops = new Ops(PresenceConfig.APPLICATION_ID, service.instanceId(), service.kafka(), this::notReadyReason);
        streams = StreamsRuntime.start(PresenceTopology.build(config), props,
                new PacedClients(service.kafka().batching()), ops);
        http = HttpServers.on(service.bindHost(), service.port(), service.http(),
                ops.serve(service.bindHost(), service.http(), Handlers.path()));
        http.start();
        LOG.info("presence-stream {} started on port {}", service.instanceId(), port());
    }

    private String notReadyReason() {
        if (!topicsReady) {
            return "topics are being created";
        }
        return streams.notReadyReason();
    }

    public int port() {
        return HttpServers.port(http);
    }

    public KafkaStreams streams() {
        return streams.streams();
    }

    @Override
    public void stop() {
        Service.closeInOrder(HttpServers.stopping(http), streams, ops);
        LOG.info("presence-stream {} stopped", service.instanceId());
    }
}
