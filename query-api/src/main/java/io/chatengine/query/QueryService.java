package io.chatengine.query;

import io.chatengine.common.auth.JwtVerifier;
import io.chatengine.common.config.ServiceSettings;
import io.chatengine.common.http.Authenticator;
import io.chatengine.common.http.Endpoint;
import io.chatengine.common.http.HttpServers;
import io.chatengine.common.kafka.KafkaProps;
import io.chatengine.common.kafka.StreamsRuntime;
import io.chatengine.common.kafka.TopicAdmin;
import io.chatengine.common.ops.Ops;
import io.chatengine.common.ops.Service;
import io.chatengine.common.users.Accounts;
import io.chatengine.common.users.UsersView;
import io.chatengine.query.audit.AuditLog;
import io.chatengine.query.config.QueryConfig;
import io.chatengine.query.http.AuditHandler;
import io.chatengine.query.http.ConversationHandlers;
import io.chatengine.common.http.Cors;
import io.chatengine.query.http.KeyRouter;
import io.chatengine.query.http.QueryHandlers;
import io.chatengine.query.http.RoomHandlers;
import io.chatengine.query.topology.QueryTopology;
import io.undertow.Handlers;
import io.undertow.Undertow;
import io.undertow.server.HttpHandler;
import io.undertow.server.handlers.BlockingHandler;
import io.undertow.util.Methods;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * query-api: the read side. Its own Kafka Streams application materializes users, presence, inboxes and rooms;
 * HTTP answers from those stores (any instance answers any key, fetching from the holder) and audits from the
 * log itself.
 */
public final class QueryService implements Service {
    private static final Logger LOG = LoggerFactory.getLogger(QueryService.class);
    private final QueryConfig config;
    /** What every service reads: its Kafka, instance id, address and HTTP limits. */
    private final ServiceSettings service;
    private volatile StreamsRuntime streams;
    private Undertow http;
    private Ops ops;
    private UsersView users;
    /** Where this instance answers (application.server): known once its listener is bound, before Streams start. */
    private volatile HostInfo self;

    public QueryService(QueryConfig config) {
        this.config = config;
        this.service = config.service();
    }

    @Override
    public void start() {
        TopicAdmin.ensureShared(service.kafka());
        ops = new Ops(QueryConfig.APPLICATION_ID, service.instanceId(), service.kafka(), this::notReadyReason);
        users = new UsersView(service.kafka(), service.instanceId(), user -> {
        }).measure(ops.registry()).start();
        KeyRouter router = new KeyRouter(this::streamsOrNull, () -> self);
        QueryHandlers handlers = new QueryHandlers(router);
        AuditHandler audit = new AuditHandler(new AuditLog(service.kafka()));
        RoomHandlers rooms = new RoomHandlers(router, users);
        ConversationHandlers conversations = new ConversationHandlers(router);
        Authenticator auth = new Authenticator(new JwtVerifier(config.jwt()),
                user -> users.status(user) == Accounts.Status.DEACTIVATED);
        HttpHandler routes = ops.serve(service.bindHost(), service.http(), HttpServers.paths()
                .addExactPath("/presence", blocking(Endpoint.forUsers(auth, Methods.GET, handlers::presenceOfMany)))
                .addExactPath("/messages", blocking(Endpoint.forUsers(auth, Methods.GET, handlers::messages)))
                .addExactPath("/audit/events", blocking(Endpoint.forAdmins(auth, Methods.GET, audit::audit)))
                .addExactPath("/conversations",
                        blocking(Endpoint.forUsers(auth, Methods.GET, conversations::conversations)))
                .addExactPath("/internal/room-summaries",
                        blocking(Endpoint.forUsers(auth, Methods.GET, conversations::roomSummaries)))
                .addExactPath("/internal/read-by", blocking(Endpoint.forUsers(auth, Methods.GET, conversations::readBy)))
                .addPrefixPath("/rooms", Handlers.pathTemplate()
                        .add("/{room}", blocking(Endpoint.forUsers(auth, Methods.GET, rooms::room)))
                        .add("/{room}/messages", blocking(Endpoint.forUsers(auth, Methods.GET, rooms::messages))))
                .addPrefixPath("/users", Handlers.pathTemplate().add("/{username}",
                        blocking(Endpoint.forUsers(auth, Methods.GET, handlers::user))))
                .addPrefixPath("/presence", Handlers.pathTemplate().add("/{username}",
                        blocking(Endpoint.forUsers(auth, Methods.GET, handlers::presenceOfOne)))));
        http = HttpServers.on(service.bindHost(), service.port(), service.http(),
                new Cors(config.origins(), "GET, OPTIONS", routes));
        // bound first, so that application.server names the port the listener holds (PORT=0: the one it got, which
        // no other process can take meanwhile); until Streams run, a store's key is answered 503 with Retry-After,
        // as during a rebalance, and readiness says "starting"
        http.start();
        self = new HostInfo(config.advertisedHost(), HttpServers.port(http));
        Properties props = KafkaProps.streams(service.kafka(), QueryConfig.APPLICATION_ID, service.instanceId(),
                KafkaProps.Guarantee.AT_LEAST_ONCE, config.commitIntervalMs(), KafkaProps.Pace.GATHERED);
        // The read side only puts what it reads: replaying after a crash rewrites the same values, so
        // at-least-once is enough; read_committed keeps aborted upstream output out of the stores.
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.ISOLATION_LEVEL_CONFIG), "read_committed");
        props.put(StreamsConfig.APPLICATION_SERVER_CONFIG, self.host() + ":" + self.port());
        streams = StreamsRuntime.start(QueryTopology.build(), props, ops);
        LOG.info("query-api {} started on port {}", service.instanceId(), self.port());
    }

    private static HttpHandler blocking(HttpHandler handler) {
        return new BlockingHandler(handler);
    }

    private String notReadyReason() {
        StreamsRuntime current = streams;
        if (current == null) {
            return "starting";
        }
        if (!users.caughtUp()) {
            return "reading the users topic"; // until then a deactivated user's token would be let in
        }
        return current.notReadyReason();
    }

    public KafkaStreams streams() {
        return streams.streams();
    }

    /** Null until the application is built (the HTTP handlers exist before it). */
    private KafkaStreams streamsOrNull() {
        StreamsRuntime current = streams;
        return current == null ? null : current.streams();
    }

    public int port() {
        return HttpServers.port(http);
    }

    @Override
    public void stop() {
        Service.closeInOrder(HttpServers.stopping(http), streams, users, ops);
        LOG.info("query-api {} stopped", service.instanceId());
    }
}
