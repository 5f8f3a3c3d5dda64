package io.chatengine.users;

import io.chatengine.common.ErrorCode;
import io.chatengine.common.auth.JwtVerifier;
import io.chatengine.common.http.Authenticator;
import io.chatengine.common.http.Endpoint;
import io.chatengine.common.http.HttpJson;
import io.chatengine.common.http.HttpServers;
import io.chatengine.common.http.KeyFetchDispatcher;
import io.chatengine.common.kafka.KafkaProps;
import io.chatengine.common.kafka.StreamsRuntime;
import io.chatengine.common.kafka.TopicAdmin;
import io.chatengine.common.ops.Ops;
import io.chatengine.common.ops.Service;
import io.chatengine.schemas.Topic;
import io.chatengine.schemas.Topics;
import io.chatengine.schemas.avro.UserCommand;
import io.chatengine.users.config.UsersConfig;
import io.chatengine.users.http.PendingReplies;
import io.chatengine.users.http.UsersHandler;
import io.chatengine.users.topology.UserTopology;
import io.undertow.Handlers;
import io.undertow.Undertow;
import io.undertow.server.handlers.PathHandler;
import io.undertow.util.Methods;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * user-command-service: the REST front of account changes. Requests become commands on the user-commands
 * topic; the user topology (run by every instance, one partition per thread) decides and writes the events;
 * each instance answers its own requests from its own reply topic.
 */
public final class UserCommandService implements Service {
    private static final Logger LOG = LoggerFactory.getLogger(UserCommandService.class);
    private final UsersConfig config;
    private Producer<String, UserCommand> producer;
    private PendingReplies replies;
    private StreamsRuntime streams;
    private Undertow http;
    private Ops ops;

    public UserCommandService(UsersConfig config) {
        this.config = config;
    }

    @Override
    public void start() {
        List<Topic<?>> topics = new ArrayList<>(Topics.SHARED);
        topics.add(Topics.userReplies(config.instanceId()));
        try (TopicAdmin admin = new TopicAdmin(config.kafka().bootstrapServers(), config.kafka().topics())) {
            admin.ensure(topics);
        }
        ops = new Ops(UsersConfig.APPLICATION_ID, config.instanceId(), config.kafka(), this::notReadyReason);
        producer = new KafkaProducer<>(KafkaProps.producer(config.kafka(), config.instanceId()),
                new StringSerializer(), Topics.USER_COMMANDS.valueSerde().serializer());
        ops.bind(producer);
        replies = new PendingReplies(config.kafka(), config.instanceId(), config.maxPending()).start();
        streams = StreamsRuntime.start(UserTopology.build(), KafkaProps.streams(config.kafka(),
                UsersConfig.APPLICATION_ID, config.instanceId(), KafkaProps.Guarantee.EXACTLY_ONCE,
                config.commitIntervalMs(), KafkaProps.Pace.AT_ONCE), ops);
        JwtVerifier verifier = new JwtVerifier(config.jwt());
        Authenticator auth = new Authenticator(verifier);
        UsersHandler users = new UsersHandler(config, producer, replies, ops.registry());
        PathHandler paths = ops.serve(config.bindHost(), config.http(), Handlers.path(exchange ->
                        HttpJson.error(exchange, ErrorCode.NOT_FOUND, "no such endpoint"))
                .addExactPath("/users", new KeyFetchDispatcher(verifier,
                        Endpoint.forAdmins(auth, Methods.POST, users::create)))
                .addPrefixPath("/users", Handlers.pathTemplate().add("/{username}", new KeyFetchDispatcher(verifier,
                        Endpoint.forAdmins(auth, Methods.DELETE, users::deactivate)))));
        http = HttpServers.on(config.bindHost(), config.port(), config.http(), paths);
        http.start();
        LOG.info("user-command-service {} started on port {}", config.instanceId(), port());
    }

    private String notReadyReason() {
        if (!replies.ready()) {
            return "subscribing to its reply topic";
        }
        return streams.notReadyReason();
    }

    public int port() {
        return HttpServers.port(http);
    }

    @Override
    public void stop() {
        Service.closeInOrder(HttpServers.stopping(http), streams, replies,
                producer == null ? null : () -> producer.close(Duration.ofSeconds(2)), ops);
        LOG.info("user-command-service {} stopped", config.instanceId());
    }
}
