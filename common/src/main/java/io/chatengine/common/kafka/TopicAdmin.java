package io.chatengine.common.kafka;

import io.chatengine.common.config.KafkaSettings;
import io.chatengine.schemas.Topic;
import io.chatengine.schemas.TopicSettings;
import io.chatengine.schemas.Topics;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Creates the topics a service needs at start, with the catalog's policy; existing topics are left as they are. */
public final class TopicAdmin implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TopicAdmin.class);
    private final Admin admin;
    private final TopicSettings settings;

    public TopicAdmin(String bootstrapServers, TopicSettings settings) {
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000));
        this.settings = settings;
    }

    /**
     * What every service does at start: creates the topics every service shares ({@link Topics#SHARED}) and
     * {@code own}, the ones only this instance reads (its delivery or reply topics), where they are missing.
     */
    public static void ensureShared(KafkaSettings kafka, Topic<?>... own) {
        List<Topic<?>> topics = new ArrayList<>(Topics.SHARED);
        topics.addAll(List.of(own));
        try (TopicAdmin admin = new TopicAdmin(kafka.bootstrapServers(), kafka.topics())) {
            admin.ensure(topics);
        }
    }

    public void ensure(Collection<Topic<?>> topics) {
        Set<String> existing = names();
        List<NewTopic> missing = topics.stream()
                .filter(t -> !existing.contains(t.name()))
                .map(t -> new NewTopic(t.name(), settings.partitionsOf(t), settings.replication())
                        .configs(t.configs(settings)))
                .toList();
        if (missing.isEmpty()) {
            return;
        }
        missing.forEach(t -> {
            try {
                admin.createTopics(List.of(t)).all().get(30, TimeUnit.SECONDS);
                LOG.info("created topic {} ({} partitions, replication {})", t.name(), t.numPartitions(),
                        t.replicationFactor());
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new IllegalStateException("cannot create topic " + t.name() + ": " + e.getCause(), e);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while creating topic " + t.name(), e);
            } catch (TimeoutException e) {
                throw new IllegalStateException("Kafka did not create topic " + t.name() + " within 30 s", e);
            }
        });
    }

    /** The names of the given topics that do not exist (empty when all do). */
    public List<String> missing(Collection<Topic<?>> topics) {
        Set<String> existing = names();
        return topics.stream().map(Topic::name).filter(n -> !existing.contains(n)).toList();
    }

    public Set<String> names() {
        try {
            return admin.listTopics().names().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot list Kafka topics: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while listing topics", e);
        }
    }

    public Admin admin() {
        return admin;
    }

    @Override
    public void close() {
        admin.close();
    }
}
