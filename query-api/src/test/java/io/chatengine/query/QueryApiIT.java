package io.chatengine.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatengine.common.auth.JwtSettings;
import io.chatengine.common.http.AllowedOrigins;
import io.chatengine.common.http.HttpJson;
import io.chatengine.common.http.HttpSettings;
import io.chatengine.common.kafka.TopicAdmin;
import io.chatengine.query.audit.ReplayMain;
import io.chatengine.query.config.QueryConfig;
import io.chatengine.query.topology.QueryTopology;
import io.chatengine.common.InboxKeys;
import io.chatengine.schemas.Topic;
import io.chatengine.schemas.Topics;
import io.chatengine.schemas.avro.ConnectionEvent;
import io.chatengine.schemas.avro.ConnectionKind;
import io.chatengine.schemas.avro.InboxEntry;
import io.chatengine.schemas.avro.MessageSent;
import io.chatengine.schemas.avro.Presence;
import io.chatengine.schemas.avro.UserCreated;
import io.chatengine.schemas.avro.UserDeactivated;
import io.chatengine.schemas.avro.UserEvent;
import io.chatengine.testsupport.Await;
import io.chatengine.testsupport.HttpCalls;
import io.chatengine.testsupport.KafkaBroker;
import io.chatengine.testsupport.Tokens;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Two query-api instances against a real broker, fed by events written straight to the topics. */
class QueryApiIT {
    private static final String RUN = UUID.randomUUID().toString().substring(0, 6);
    private static final List<String> USERS = new ArrayList<>();
    private static QueryService one;
    private static QueryService two;
    private static KafkaProducer<String, byte[]> producer;
    private static final String ALICE = "alice-" + RUN;
    private static final String BOB = "bob-" + RUN;
    private static final long T0 = System.currentTimeMillis() - 60_000;
    private static final List<String> expectedAudit = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        try (TopicAdmin admin = new TopicAdmin(KafkaBroker.shared().bootstrapServers(),
                KafkaBroker.shared().settings("admin").topics())) {
            admin.ensure(Topics.SHARED);
        }
        producer = new KafkaProducer<>(Map.of("bootstrap.servers", KafkaBroker.shared().bootstrapServers(),
                "acks", "all"), Serdes.String().serializer(), Serdes.ByteArray().serializer());
        for (int i = 0; i < 12; i++) {
            String user = "user" + i + "-" + RUN;
            USERS.add(user);
            write(Topics.USERS, user, created(user), T0);
        }
        USERS.add(ALICE);
        USERS.add(BOB);
        audited(write(Topics.USERS, ALICE, created(ALICE), T0), Topics.USERS, "UserCreated");
        write(Topics.USERS, BOB, created(BOB), T0);
        audited(write(Topics.CONNECTIONS, ALICE, connection(ConnectionKind.OPENED, T0 + 1_000), T0 + 1_000),
                Topics.CONNECTIONS, "ConnectionOpened");
        write(Topics.PRESENCE, ALICE, presence(ALICE, true, 1, T0 + 1_000), T0 + 1_000);
        for (int seq = 1; seq <= 5; seq++) {
            long at = T0 + 2_000 + seq;
            MessageSent sent = new MessageSent("m" + seq, seq % 2 == 0 ? BOB : ALICE, seq % 2 == 0 ? ALICE : BOB,
                    "r" + seq, "text " + seq, Instant.ofEpochMilli(at), "gw-1", "c-1");
            audited(write(Topics.MESSAGES, ALICE, sent, at), Topics.MESSAGES, "MessageSent");
            write(Topics.MESSAGES, BOB, sent, at);
            writeEntry(new InboxEntry(ALICE, (long) seq, "m" + seq, sent.getFrom(), sent.getTo(),
                    sent.getRef(), sent.getText(), sent.getAt(), null, null), at);
        }
        audited(write(Topics.CONNECTIONS, ALICE, connection(ConnectionKind.CLOSED, T0 + 10_000), T0 + 10_000),
                Topics.CONNECTIONS, "ConnectionClosed");
        write(Topics.PRESENCE, ALICE, presence(ALICE, false, 0, T0 + 10_000), T0 + 10_000);
        audited(write(Topics.USERS, ALICE, new UserEvent(new UserDeactivated(ALICE,
                Instant.ofEpochMilli(T0 + 20_000), "ops")), T0 + 20_000), Topics.USERS, "UserDeactivated");
        one = start("query-one-" + RUN);
        two = start("query-two-" + RUN);
        Await.until(Duration.ofSeconds(90), "both instances to hold every user", () ->
                USERS.stream().allMatch(u -> get(one, "/users/" + u).statusCode() == 200
                        && get(two, "/users/" + u).statusCode() == 200));
    }

    @AfterAll
    static void stop() {
        one.stop();
        two.stop();
        producer.close();
    }

    @Test
    void everyInstanceAnswersKeysItDoesNotHold() {
        int remoteForOne = 0;
        int remoteForTwo = 0;
        for (String user : USERS) {
            int holder = one.streams().queryMetadataForKey(QueryTopology.USERS_STORE, user,
                    Serdes.String().serializer()).activeHost().port();
            remoteForOne += holder != one.port() ? 1 : 0;
            remoteForTwo += holder != two.port() ? 1 : 0;
            for (QueryService instance : List.of(one, two)) {
                JsonNode body = json(get(instance, "/users/" + user));
                assertEquals(user, body.path("username").asText());
            }
        }
        assertTrue(remoteForOne > 0 && remoteForTwo > 0, "each instance holds only part of the keys");
    }

    @Test
    void aUserViewReflectsDeactivation() {
        JsonNode alice = json(get(two, "/users/" + ALICE));
        assertEquals(false, alice.path("active").asBoolean());
        assertEquals("Alice", alice.path("displayName").asText());
        assertEquals(404, get(one, "/users/nobody-" + RUN).statusCode());
        assertEquals(400, get(one, "/users/Not!Valid").statusCode());
    }

    @Test
    void presenceOfManyComesInTheOrderAsked() {
        String asked = String.join(",", BOB, ALICE, USERS.get(3));
        for (QueryService instance : List.of(one, two)) {
            JsonNode users = json(get(instance, "/presence?users=" + asked)).path("users");
            assertEquals(List.of(BOB, ALICE, USERS.get(3)), List.of(users.get(0).path("username").asText(),
                    users.get(1).path("username").asText(), users.get(2).path("username").asText()));
            assertEquals(false, users.get(1).path("online").asBoolean());
            assertTrue(users.get(0).path("lastSeen").isNull(), "never seen");
        }
        assertEquals(400, get(one, "/presence?users=").statusCode());
        assertEquals(404, get(one, "/presence/nobody-" + RUN).statusCode());
    }

    @Test
    void messagesPageBackNewestFirst() {
        String token = Tokens.admin(); // alice is deactivated: her own token reads nothing any more
        String alice = "&user=" + ALICE;
        assertEquals(403, HttpCalls.get(url(one) + "/messages?with=" + BOB, Tokens.user(ALICE)).statusCode());
        for (QueryService instance : List.of(one, two)) {
            JsonNode first = json(HttpCalls.get(url(instance) + "/messages?with=" + BOB + "&limit=2" + alice, token));
            assertEquals(List.of(5L, 4L), seqs(first));
            JsonNode next = json(HttpCalls.get(url(instance) + "/messages?with=" + BOB + "&limit=2&before=4" + alice,
                    token));
            assertEquals(List.of(3L, 2L), seqs(next));
            assertEquals("text 3", next.path("messages").get(0).path("text").asText());
        }
        assertEquals(400, HttpCalls.get(url(one) + "/messages?with=" + BOB + "&limit=501" + alice, token)
                .statusCode());
        assertEquals(403, HttpCalls.get(url(one) + "/messages?with=" + BOB + "&user=" + ALICE,
                Tokens.user(BOB)).statusCode());
        assertEquals(List.of(5L, 4L, 3L, 2L, 1L), seqs(json(HttpCalls.get(url(one) + "/messages?with=" + BOB + "&user="
                + ALICE, Tokens.admin()))));
    }

    @Test
    void everyEndpointNeedsAToken() {
        assertEquals(401, HttpCalls.get(url(one) + "/users/" + ALICE, null).statusCode());
        assertEquals(401, HttpCalls.get(url(one) + "/presence/" + ALICE, Tokens.expired(ALICE)).statusCode());
        assertEquals(403, HttpCalls.get(url(one) + "/audit/events?user=" + ALICE, Tokens.user(ALICE)).statusCode());
    }

    @Test
    void auditReturnsExactlyTheUsersEventsInLogOrderWithTheirPlaceInTheLog() {
        HttpResponse<String> response = HttpCalls.get(url(two) + "/audit/events?user=" + ALICE, Tokens.admin());
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("application/x-ndjson", response.headers().firstValue("Content-Type").orElse(""));
        List<String> lines = response.body().lines().toList();
        assertEquals(expectedAudit, lines.stream().map(QueryApiIT::where).toList());
        HttpResponse<String> window = HttpCalls.get(url(one) + "/audit/events?user=" + ALICE + "&from="
                + Instant.ofEpochMilli(T0 + 2_000) + "&to=" + Instant.ofEpochMilli(T0 + 9_000), Tokens.admin());
        assertEquals(5, window.body().lines().count(), "the five messages only");
        assertEquals(400, HttpCalls.get(url(one) + "/audit/events?user=" + ALICE + "&from=yesterday",
                Tokens.admin()).statusCode());
    }

    @Test
    void replayPrintsTheSameEventsAsTheAuditEndpoint() {
        String audit = HttpCalls.get(url(one) + "/audit/events?user=" + ALICE, Tokens.admin()).body();
        String replayed = ReplayMain.run(new String[] {"events", "--user", ALICE, "--bootstrap",
                KafkaBroker.shared().bootstrapServers()});
        assertEquals(audit, replayed);
    }

    @Test
    void replayedStateAtATimeIsTheStateAtThatTime() {
        JsonNode online = state(T0 + 2_003);
        assertTrue(online.path("exists").asBoolean());
        assertTrue(online.path("active").asBoolean());
        assertTrue(online.path("online").asBoolean());
        assertEquals(1, online.path("connections").asInt());
        assertEquals(3, online.path("inboxLastSeq").asLong(), "messages 1..3 were in at T0+2.003s");
        JsonNode later = state(T0 + 30_000);
        assertEquals(false, later.path("active").asBoolean());
        assertEquals(false, later.path("online").asBoolean());
        assertEquals(5, later.path("inboxLastSeq").asLong());
        assertEquals(false, state(T0 - 1_000).path("exists").asBoolean());
    }

    private static JsonNode state(long at) {
        return parse(ReplayMain.run(new String[] {"state", "--user", ALICE, "--at", Instant.ofEpochMilli(at).toString(),
                "--bootstrap", KafkaBroker.shared().bootstrapServers()}));
    }

    private static String where(String line) {
        JsonNode json = parse(line);
        return json.path("topic").asText() + "/" + json.path("partition").asInt() + "/" + json.path("offset").asLong()
                + "/" + json.path("type").asText();
    }

    private static void audited(RecordMetadata metadata, Topic<?> topic, String type) {
        expectedAudit.add(topic.name() + "/" + metadata.partition() + "/" + metadata.offset() + "/" + type);
    }

    private static <V> RecordMetadata write(Topic<V> topic, String key, V value, long timestamp) throws Exception {
        byte[] bytes = topic.valueSerde().serializer().serialize(topic.name(), value);
        return producer.send(new ProducerRecord<>(topic.name(), null, timestamp, key, bytes)).get();
    }

    /** An inbox entry as presence-stream writes it: keyed by entry, in the partition of its owner. */
    private static void writeEntry(InboxEntry entry, long timestamp) throws Exception {
        byte[] bytes = Topics.INBOX.valueSerde().serializer().serialize(Topics.INBOX.name(), entry);
        int partitions = producer.partitionsFor(Topics.INBOX.name()).size();
        int partition = Utils.toPositive(Utils.murmur2(entry.getOwner().getBytes(StandardCharsets.UTF_8))) % partitions;
        producer.send(new ProducerRecord<>(Topics.INBOX.name(), partition, timestamp,
                InboxKeys.entry(entry.getOwner(), entry.getSeq()), bytes)).get();
    }

    private static UserEvent created(String user) {
        return new UserEvent(new UserCreated(user, user.startsWith("alice") ? "Alice" : "User",
                Instant.ofEpochMilli(T0), "ops"));
    }

    private static ConnectionEvent connection(ConnectionKind kind, long at) {
        return new ConnectionEvent(kind, ALICE, "gw-1", 1L, "c-1", null, Instant.ofEpochMilli(at));
    }

    private static Presence presence(String user, boolean online, int connections, long at) {
        return new Presence(user, online, connections, Instant.ofEpochMilli(at), Instant.ofEpochMilli(at), List.of());
    }

    private static QueryService start(String instance) {
        QueryConfig config = new QueryConfig(KafkaBroker.shared().settings(instance),
                new JwtSettings(Tokens.SECRET.getBytes(StandardCharsets.UTF_8), Optional.empty(), Optional.empty()),
                instance, "127.0.0.1", 0, HttpSettings.DEFAULTS, "127.0.0.1", 20,
                AllowedOrigins.of("http://page.example"));
        QueryService service = new QueryService(config);
        service.start();
        return service;
    }

    private static HttpResponse<String> get(QueryService instance, String path) {
        return HttpCalls.get(url(instance) + path, Tokens.admin());
    }

    private static String url(QueryService instance) {
        return "http://127.0.0.1:" + instance.port();
    }

    private static List<Long> seqs(JsonNode body) {
        List<Long> seqs = new ArrayList<>();
        body.path("messages").forEach(m -> seqs.add(m.path("seq").asLong()));
        return seqs;
    }

    private static JsonNode json(HttpResponse<String> response) {
        assertEquals(200, response.statusCode(), response.body());
        return parse(response.body());
    }

    private static JsonNode parse(String text) {
        try {
            return HttpJson.MAPPER.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
