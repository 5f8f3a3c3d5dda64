package io.chatengine.users;

import io.chatengine.common.auth.JwtVerifier;
import io.chatengine.common.config.ServiceSettings;
import io.chatengine.common.http.Authenticator;
import io.chatengine.common.http.Cors;
import io.chatengine.common.http.Endpoint;
import io.chatengine.common.http.HttpServers;
import io.chatengine.common.http.KeyFetchDispatcher;
import io.chatengine.common.kafka.KafkaProps;
import io.chatengine.common.kafka.StreamsRuntime;
import io.chatengine.common.kafka.TopicAdmin;
import io.chatengine.common.ops.Ops;
import io.chatengine.common.ops.Service;
import io.chatengine.schemas.Topics;
import io.chatengine.schemas.avro.RoomCommand;
import io.chatengine.schemas.avro.RoomReply;
import io.chatengine.schemas.avro.UserCommand;
import io.chatengine.schemas.avro.UserReply;
import io.chatengine.users.config.UsersConfig;
import io.chatengine.users.http.CommandSender;
import io.chatengine.users.http.PendingReplies;
import io.chatengine.users.http.RoomsHandler;
import io.chatengine.users.http.UsersHandler;
import io.chatengine.users.topology.RoomTopology;
import io.chatengine.users.topology.UserTopology;
import io.undertow.Handlers;
import io.undertow.Undertow;
import io.undertow.server.handlers.PathHandler;
import io.undertow.util.Methods;
import java.time.Duration;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * user-command-service: the REST front of account and room changes. Requests become commands on the user-commands
 * and room-commands topics; the user and room topologies (one exactly-once Streams application, run by every
 * instance, one partition per thread) decide and write the events; each instance answers its own requests from its
 * own reply topics (a room change's answer is written by presence-stream once it has applied it).
 */
public final class UserCommandService implements Service {
    private static final Logger LOG = LoggerFactory.getLogger(UserCommandService.class);
    private final UsersConfig config;
    /** What every service reads: its Kafka, instance id, address and HTTP limits. */
    private final ServiceSettings service;
    private Producer<String, UserCommand> producer;
    private Producer<String, RoomCommand> roomProducer;
    private PendingReplies<UserReply> replies;
    private PendingReplies<RoomReply> roomReplies;
    private StreamsRuntime streams;
    private Undertow http;
    private Ops ops;

    public UserCommandService(UsersConfig config) {
        this.config = config;
        this.service = config.service();
    }

    @Override
    public void start() {
        TopicAdmin.ensureShared(service.kafka(), Topics.userReplies(service.instanceId()),
                Topics.roomReplies(service.instanceId()));
        ops = new Ops(UsersConfig.APPLICATION_ID, service.instanceId(), service.kafka(), this::notReadyReason);
        producer = new KafkaProducer<>(KafkaProps.producer(service.kafka(), service.instanceId()),
                new StringSerializer(), Topics.USER_COMMANDS.valueSerde().serializer());
        ops.bind(producer);
        roomProducer = new KafkaProducer<>(KafkaProps.producer(service.kafka(), service.instanceId() + "-rooms"),
                new StringSerializer(), Topics.ROOM_COMMANDS.valueSerde().serializer());
        ops.bind(roomProducer);
        replies = new PendingReplies<>(service.kafka(), service.instanceId() + "-replies",
                Topics.userReplies(service.instanceId()), config.maxPending()).start();
        roomReplies = new PendingReplies<>(service.kafka(), service.instanceId() + "-room-replies",
                Topics.roomReplies(service.instanceId()), config.maxPending()).start();
        streams = StreamsRuntime.start(RoomTopology.addTo(UserTopology.build(), config.rooms()),
                KafkaProps.streams(service.kafka(), UsersConfig.APPLICATION_ID, service.instanceId(),
                        KafkaProps.Guarantee.EXACTLY_ONCE, config.commitIntervalMs(), KafkaProps.Pace.AT_ONCE), ops);
        JwtVerifier verifier = new JwtVerifier(config.jwt());
        // a deactivated caller's token is refused by the room topology, which knows the accounts (RoomRules)
        Authenticator auth = new Authenticator(verifier);
        Duration timeout = Duration.ofMillis(config.requestTimeoutMs());
        UsersHandler users = new UsersHandler(service.instanceId(),
                new CommandSender<>(producer, Topics.USER_COMMANDS.name(), replies, timeout), ops.registry());
        RoomsHandler rooms = new RoomsHandler(service.instanceId(), config.rooms(),
                new CommandSender<>(roomProducer, Topics.ROOM_COMMANDS.name(), roomReplies, timeout), ops.registry());
        PathHandler paths = ops.serve(service.bindHost(), service.http(), HttpServers.paths()
                .addExactPath("/users", new KeyFetchDispatcher(verifier,
                        Endpoint.forAdmins(auth, Methods.POST, users::create)))
                .addPrefixPath("/users", Handlers.pathTemplate().add("/{username}", new KeyFetchDispatcher(verifier,
                        Endpoint.forAdmins(auth, Methods.DELETE, users::deactivate))))
                .addExactPath("/rooms", new KeyFetchDispatcher(verifier,
                        Endpoint.forUsers(auth, Methods.POST, rooms::create)))
                .addPrefixPath("/rooms", Handlers.pathTemplate()
                        .add("/{room}", new KeyFetchDispatcher(verifier,
                                Endpoint.forUsers(auth, Methods.DELETE, rooms::close)))
                        .add("/{room}/members", new KeyFetchDispatcher(verifier,
                                Endpoint.forUsers(auth, Methods.POST, rooms::add)))
                        .add("/{room}/members/{user}", new KeyFetchDispatcher(verifier,
                                Endpoint.forUsers(auth, Methods.DELETE, rooms::remove)))));
        http = HttpServers.on(service.bindHost(), service.port(), service.http(),
                new Cors(config.origins(), "GET, POST, DELETE, OPTIONS", paths));
        http.start();
        LOG.info("user-command-service {} started on port {}", service.instanceId(), port());
    }

    private String notReadyReason() {
        if (!replies.ready() || !roomReplies.ready()) {
            return "subscribing to its reply topics";
        }
        return streams.notReadyReason();
    }

    public int port() {
        return HttpServers.port(http);
    }

    @Override
    public void stop() {
        Service.closeInOrder(HttpServers.stopping(http), streams, replies, roomReplies,
                producer == null ? null : () -> producer.close(Duration.ofSeconds(2)),
                roomProducer == null ? null : () -> roomProducer.close(Duration.ofSeconds(2)), ops);
        LOG.info("user-command-service {} stopped", service.instanceId());
    }
}
