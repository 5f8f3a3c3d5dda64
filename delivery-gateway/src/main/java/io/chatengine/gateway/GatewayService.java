package io.chatengine.gateway;

import io.chatengine.common.auth.JwtVerifier;
import io.chatengine.common.config.ServiceSettings;
import io.chatengine.common.http.Endpoint;
import io.chatengine.common.http.HttpServers;
import io.chatengine.common.http.KeyFetchDispatcher;
import io.chatengine.common.kafka.KafkaProps;
import io.chatengine.common.kafka.TopicAdmin;
import io.chatengine.common.kafka.TopicFollower;
import io.chatengine.common.ops.Ops;
import io.chatengine.common.ops.Service;
import io.chatengine.common.protocol.Disconnect;
import io.chatengine.gateway.auth.AddressRate;
import io.chatengine.gateway.auth.Handshake;
import io.chatengine.gateway.config.GatewayConfig;
import io.chatengine.gateway.presence.PresenceView;
import io.chatengine.gateway.publish.HeartbeatLapse;
import io.chatengine.gateway.publish.Publisher;
import io.chatengine.common.users.UsersView;
import io.chatengine.gateway.ws.ConnectionSweep;
import io.chatengine.gateway.ws.Connections;
import io.chatengine.gateway.ws.DeliveryWriter;
import io.chatengine.gateway.ws.RoomInterests;
import io.chatengine.gateway.ws.SocketHandler;
import io.chatengine.schemas.Topic;
import io.chatengine.schemas.Topics;
import io.chatengine.schemas.avro.Delivery;
import io.chatengine.schemas.avro.GatewayHeartbeat;
import io.undertow.Handlers;
import io.undertow.Undertow;
import io.undertow.server.handlers.PathHandler;
import io.undertow.server.handlers.resource.ClassPathResourceManager;
import io.undertow.server.handlers.resource.ResourceHandler;
import io.undertow.util.Methods;
import io.undertow.util.MimeMappings;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A delivery gateway: holds WebSocket connections, writes what clients send and connection events to Kafka,
 * and delivers the frames presence-stream routes to this instance's own topic, gateway.&lt;id&gt;, which only it
 * reads. Heartbeats with a per-start epoch tell presence-stream which connections are still real.
 */
public final class GatewayService implements Service {
    private static final Logger LOG = LoggerFactory.getLogger(GatewayService.class);
    private final GatewayConfig config;
    /** What every service reads: its Kafka, instance id, address and HTTP limits. */
    private final ServiceSettings service;
    private final long epoch = System.currentTimeMillis();
    private final Connections connections = new Connections();
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "gateway-timers");
        thread.setDaemon(true);
        return thread;
    });
    private Ops ops;
    private Publisher publisher;
    private UsersView users;
    private PresenceView presence;
    private TopicFollower<Delivery> deliveries;
    private Undertow http;
    private volatile boolean accepting;
    private volatile SocketHandler sockets;
    private HeartbeatLapse lapse;

    public GatewayService(GatewayConfig config) {
        this.config = config;
        this.service = config.service();
    }

    @Override
    public void start() {
        Topic<Delivery> own = Topics.gateway(service.instanceId());
        TopicAdmin.ensureShared(service.kafka(), own);
        ops = new Ops("delivery-gateway", service.instanceId(), service.kafka(), this::notReadyReason);
        publisher = new Publisher(service.kafka(), service.instanceId());
        ops.bind(publisher.producer());
        users = new UsersView(service.kafka(), service.instanceId(), connections::closeDeactivated).measure(ops.registry()).start();
        presence = new PresenceView(service.kafka(), service.instanceId()).measure(ops.registry()).start();
        RoomInterests rooms = new RoomInterests(service.instanceId(), epoch, publisher);
        ops.registry().gauge("chat.rooms.subscribed", rooms, RoomInterests::rooms);
        deliveries = new TopicFollower<>(service.kafka(), service.instanceId() + "-deliveries", own,
                TopicFollower.From.END, KafkaProps.Pace.AT_ONCE,
                new DeliveryWriter(connections, rooms, ops.registry())::write)
                .measure(ops.registry()).start();
        lapse = new HeartbeatLapse(config.gatewayTimeout().toMillis(), System.currentTimeMillis());
        heartbeat(false).join();
        timers.scheduleAtFixedRate(() -> heartbeat(false), GatewayConfig.HEARTBEAT.toMillis(),
                GatewayConfig.HEARTBEAT.toMillis(), TimeUnit.MILLISECONDS);
        timers.scheduleAtFixedRate(new ConnectionSweep(connections, config.idle(), config.ping()), 1, 1,
                TimeUnit.SECONDS);

        JwtVerifier verifier = new JwtVerifier(config.jwt());
        sockets = new SocketHandler(config, epoch, connections, users, presence, publisher, rooms, verifier,
                ops.registry());
        PathHandler paths = ops.serve(service.bindHost(), service.http(), Handlers.path()
                .addPrefixPath("/", Endpoint.open(page(), Methods.GET, Methods.HEAD))
                .addExactPath("/ws", new KeyFetchDispatcher(verifier, new Handshake(verifier, users,
                        () -> accepting, Handlers.websocket(sockets), ops.registry(), connections::count,
                        config.maxConnectionsPerUser(), new AddressRate(config.handshakesPerSecond()),
                        config.origins()))));
        http = HttpServers.on(service.bindHost(), service.port(), service.http(), paths);
        http.start();
        accepting = true;
        LOG.info("delivery-gateway {} started on port {} (epoch {})", service.instanceId(), port(), epoch);
    }

    /**
     * The web page (resources/web, with the JavaScript client's bundle the build copies in). A browser runs a module
     * script only when it is served as JavaScript, and Undertow's defaults do not know `.mjs`.
     */
    private static ResourceHandler page() {
        return Handlers.resource(new ClassPathResourceManager(GatewayService.class.getClassLoader(), "web"))
                .setMimeMappings(MimeMappings.builder(true).addMapping("mjs", "text/javascript").build());
    }

    private String notReadyReason() {
        if (!accepting) {
            return "not accepting connections";
        }
        if (!users.caughtUp()) {
            return "reading the users topic";
        }
        if (!presence.caughtUp()) {
            return "reading the presence topic";
        }
        return deliveries.caughtUp() ? null : "subscribing to its delivery topic";
    }

    /**
     * Writes a heartbeat. One written after Kafka could not take any for longer than the gateway timeout means
     * presence-stream may have dropped this gateway's connections: they are announced again.
     */
    private CompletableFuture<Void> heartbeat(boolean stopping) {
        long madeAt = System.currentTimeMillis();
        return publisher.heartbeat(new GatewayHeartbeat(service.instanceId(), epoch, Instant.ofEpochMilli(madeAt),
                        stopping))
                .thenRun(() -> {
                    SocketHandler handler = sockets;
                    if (lapse.written(madeAt, System.currentTimeMillis()) && handler != null && !stopping) {
                        LOG.warn("no heartbeat reached Kafka for over {} ms: announcing {} connections again",
                                config.gatewayTimeout().toMillis(), connections.size());
                        handler.announceAgain(connections.all());
                    }
                })
                .exceptionally(error -> {
                    LOG.warn("heartbeat not written: {}", error.toString());
                    return null;
                });
    }

    public int port() {
        return HttpServers.port(http);
    }

    /**
     * Stops accepting, tells presence-stream this epoch is over, closes every socket with 1001 (clients
     * reconnect elsewhere and resume), and flushes what was accepted.
     */
    @Override
    public void stop() {
        accepting = false;
        timers.shutdownNow();
        if (publisher != null) {
            heartbeat(true);
            connections.all().forEach(c -> c.close(Disconnect.SHUTTING_DOWN));
            connections.awaitEmpty(Duration.ofSeconds(3));
            publisher.flush();
        }
        Service.closeInOrder(HttpServers.stopping(http), deliveries, presence, users, publisher, ops);
        LOG.info("delivery-gateway {} stopped", service.instanceId());
    }
}
