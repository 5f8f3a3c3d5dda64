package io.chatengine.presence.topology;

import io.chatengine.common.protocol.Frames;
import io.chatengine.presence.config.PresenceConfig;
import io.chatengine.schemas.avro.ConnectionEvent;
import io.chatengine.schemas.avro.ConnectionKind;
import io.chatengine.schemas.avro.Delivery;
import io.chatengine.schemas.avro.GatewayHeartbeat;
import io.chatengine.schemas.avro.InboxEntry;
import io.chatengine.schemas.avro.MessageSent;
import io.chatengine.schemas.avro.Presence;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Everything about one user happens here, in the order of that user's partition: message copies get the next
 * inbox sequence number and go to the user's live connections; a new connection gets its welcome and what it
 * missed before anything newer; connections of dead gateways are dropped; presence follows the connections.
 */
final class InboxProcessor implements Processor<String, SpecificRecord, String, SpecificRecord> {
    /** Record header naming the gateway a Delivery goes to; the sink's topic name extractor reads it. */
    static final String GATEWAY_HEADER = "gateway";

    private final PresenceConfig config;
    private ProcessorContext<String, SpecificRecord> context;
    private KeyValueStore<String, InboxEntry> inbox;
    private KeyValueStore<String, ConnectionEvent> connections;
    private ReadOnlyKeyValueStore<String, GatewayHeartbeat> gateways;
    /** Gateway states at the last full read of the connections; null after a start, so the first one reads. */
    private Map<String, String> gatewaysAtLastScan;
    /** When a connection's grace ends and the connections must be read again, whatever the gateways do. */
    private long recheckAt = Long.MAX_VALUE;

    InboxProcessor(PresenceConfig config) {
        this.config = config;
    }

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
        inbox = context.getStateStore(Stores.INBOX);
        connections = context.getStateStore(Stores.CONNECTIONS);
        gateways = context.getStateStore(Stores.GATEWAYS);
        context.schedule(Duration.ofMillis(config.sweepIntervalMs()), PunctuationType.WALL_CLOCK_TIME,
                this::dropConnectionsOfDeadGateways);
        context.schedule(Duration.ofMillis(config.retentionCheckMs()), PunctuationType.WALL_CLOCK_TIME,
                this::deleteExpiredEntries);
    }

    @Override
    public void process(Record<String, SpecificRecord> record) {
        if (record.value() instanceof MessageSent message) {
            append(record.key(), message);
        } else if (record.value() instanceof ConnectionEvent event) {
            if (event.getKind() == ConnectionKind.OPENED) {
                open(record.key(), event);
            } else {
                close(record.key(), event.getConnection());
            }
        }
    }

    /**
     * A message copy for the owner's inbox. A new id gets the next seq; an id the inbox holds already (a resend,
     * or a record processed again after a crash) is written out again under the seq it has, which downstream
     * keeps once: whatever of the first round's output was lost is made whole, and nothing gets a second seq.
     */
    private void append(String owner, MessageSent message) {
        InboxEntry latest = latest(owner);
        InboxEntry known = inbox.get(Stores.idKey(owner, message.getId()));
        if (known == null && latest != null && latest.getId().equals(message.getId())) {
            known = latest; // a crash kept the entry and the latest row but not yet the id row
            inbox.put(Stores.idKey(owner, message.getId()), latest);
        }
        InboxEntry entry;
        if (known == null) {
            long seq = latest == null ? 1 : latest.getSeq() + 1;
            entry = new InboxEntry(owner, seq, message.getId(), message.getFrom(), message.getTo(),
                    message.getRef(), message.getText(), message.getAt());
            InboxEntry index = new InboxEntry(owner, seq, message.getId(), message.getFrom(), message.getTo(),
                    message.getRef(), "", message.getAt()); // the id and latest rows need no text
            inbox.put(Stores.entryKey(owner, seq), entry);
            inbox.put(Stores.latestKey(owner), index);
            inbox.put(Stores.idKey(owner, message.getId()), index);
        } else {
            entry = inbox.get(Stores.entryKey(owner, known.getSeq()));
            if (entry == null) {
                return; // past retention
            }
        }
        long now = context.currentSystemTimeMs();
        context.forward(new Record<String, SpecificRecord>(owner, entry, now), PresenceTopology.INBOX_SINK);
        String frame = Frames.message(entry);
        liveConnectionsByGateway(owner, now)
                .forEach((gateway, ids) -> deliver(owner, gateway, ids, frame, entry.getSeq(), false));
    }

    /** The owner's latest entry without its text; null for an inbox that never had one. */
    private InboxEntry latest(String owner) {
        InboxEntry latest = inbox.get(Stores.latestKey(owner));
        if (latest != null) {
            return latest;
        }
        // an inbox written before the latest row existed: its newest entry
        try (KeyValueIterator<String, InboxEntry> newest =
                     inbox.reverseRange(Stores.entryKey(owner, 0), Stores.afterEntries(owner))) {
            return newest.hasNext() ? newest.next().value : null;
        }
    }

    private void open(String owner, ConnectionEvent event) {
        connections.put(Stores.connectionKey(owner, event.getConnection()), event);
        if (liveness(event, context.currentSystemTimeMs()) != Liveness.CONFIRMED) {
            recheckWhenGraceEnds(event); // not yet counted by its gateway: look again when its grace ends
        }
        InboxEntry latest = latest(owner);
        long last = latest == null ? 0 : latest.getSeq();
        List<String> target = List.of(event.getConnection());
        deliver(owner, event.getGateway(), target,
                Frames.welcome(owner, event.getConnection(), event.getGateway(), last), null, true);
        if (event.getSince() != null && event.getSince() < last) {
            try (KeyValueIterator<String, InboxEntry> missed = inbox.range(
                    Stores.entryKey(owner, Math.max(0, event.getSince()) + 1), Stores.entryKey(owner, last))) {
                missed.forEachRemaining(kv -> deliver(owner, event.getGateway(), target,
                        Frames.message(kv.value), kv.value.getSeq(), false));
            }
        }
        publishPresence(owner);
    }

    private void close(String owner, String connection) {
        String key = Stores.connectionKey(owner, connection);
        if (connections.get(key) != null) {
            connections.delete(key);
            publishPresence(owner);
        }
    }

    /**
     * Drops the connections of gateways that died, restarted or are stopping. Reading every connection is costly
     * with many of them, so it is done only when a gateway's state changed since the last time, or when a
     * connection's grace (see {@link #liveness}) ends.
     */
    private void dropConnectionsOfDeadGateways(long now) {
        Map<String, String> gatewaysNow = gatewayStates(now);
        if (gatewaysNow.equals(gatewaysAtLastScan) && now < recheckAt) {
            return;
        }
        gatewaysAtLastScan = gatewaysNow;
        recheckAt = Long.MAX_VALUE;
        List<KeyValue<String, ConnectionEvent>> dead = new ArrayList<>();
        try (KeyValueIterator<String, ConnectionEvent> all = connections.all()) {
            all.forEachRemaining(kv -> {
                Liveness liveness = liveness(kv.value, now);
                if (liveness == Liveness.DEAD) {
                    dead.add(kv);
                } else if (liveness == Liveness.GRACE) {
                    recheckWhenGraceEnds(kv.value);
                }
            });
        }
        dead.forEach(kv -> close(Stores.ownerOf(kv.key), kv.value.getConnection()));
    }

    /** Each gateway's epoch and whether it is heartbeating; a change is what makes connections die. */
    private Map<String, String> gatewayStates(long now) {
        Map<String, String> states = new HashMap<>();
        try (KeyValueIterator<String, GatewayHeartbeat> all = gateways.all()) {
            all.forEachRemaining(kv -> states.put(kv.key, kv.value.getEpoch() + (heartbeating(kv.value, now)
                    ? " up" : " down")));
        }
        return states;
    }

    private boolean heartbeating(GatewayHeartbeat heartbeat, long now) {
        return !heartbeat.getStopping() && now - heartbeat.getAt().toEpochMilli() <= config.gatewayTimeoutMs();
    }

    private void recheckWhenGraceEnds(ConnectionEvent connection) {
        recheckAt = Math.min(recheckAt, connection.getAt().toEpochMilli() + config.gatewayTimeoutMs() + 1);
    }

    /** Whether a connection counts, and whether that rests on its gateway or only on its grace. */
    private enum Liveness { CONFIRMED, GRACE, DEAD }

    /**
     * A connection is confirmed while its gateway heartbeats under the same epoch and is not stopping. A
     * connection newer than the timeout is on grace when its gateway is not confirmed, so a heartbeat still on
     * its way does not drop it; a newer epoch or a stopping gateway ends it at once.
     */
    private Liveness liveness(ConnectionEvent connection, long now) {
        GatewayHeartbeat heartbeat = gateways.get(connection.getGateway());
        boolean sameEpoch = heartbeat != null && heartbeat.getEpoch() == connection.getEpoch();
        if (heartbeat != null && (heartbeat.getEpoch() > connection.getEpoch()
                || sameEpoch && heartbeat.getStopping())) {
            return Liveness.DEAD;
        }
        if (sameEpoch && heartbeating(heartbeat, now)) {
            return Liveness.CONFIRMED;
        }
        boolean young = now - connection.getAt().toEpochMilli() <= config.gatewayTimeoutMs();
        return young ? Liveness.GRACE : Liveness.DEAD;
    }

    /** Deletes entries older than the retention, owner by owner, oldest first; the latest row stays. */
    private void deleteExpiredEntries(long now) {
        Instant cutoff = Instant.ofEpochMilli(now - config.inboxRetentionMs());
        String owner = firstOwnerFrom(null);
        while (owner != null) {
            List<InboxEntry> expired = new ArrayList<>();
            try (KeyValueIterator<String, InboxEntry> entries =
                         inbox.range(Stores.entryKey(owner, 0), Stores.afterEntries(owner))) {
                while (entries.hasNext()) {
                    InboxEntry entry = entries.next().value;
                    if (!entry.getAt().isBefore(cutoff)) {
                        break;
                    }
                    expired.add(entry);
                }
            }
            for (InboxEntry entry : expired) {
                inbox.delete(Stores.entryKey(owner, entry.getSeq()));
                inbox.delete(Stores.idKey(owner, entry.getId()));
            }
            owner = firstOwnerFrom(owner + (char) (Stores.SEP + 1));
        }
    }

    /** The owner of the first inbox row at or after {@code from} (null: the start); null when there is none. */
    private String firstOwnerFrom(String from) {
        try (KeyValueIterator<String, InboxEntry> rows = inbox.range(from, null)) {
            return rows.hasNext() ? Stores.ownerOf(rows.next().key) : null;
        }
    }

    private void publishPresence(String owner) {
        int count = 0;
        try (KeyValueIterator<String, ConnectionEvent> own =
                     connections.prefixScan(Stores.prefix(owner), Serdes.String().serializer())) {
            while (own.hasNext()) {
                own.next();
                count++;
            }
        }
        long now = context.currentSystemTimeMs();
        Presence presence = new Presence(owner, count > 0, count, Instant.ofEpochMilli(now), Instant.ofEpochMilli(now));
        context.forward(new Record<String, SpecificRecord>(owner, presence, now), PresenceTopology.PRESENCE_SINK);
    }

    private Map<String, List<String>> liveConnectionsByGateway(String owner, long now) {
        Map<String, List<String>> byGateway = new LinkedHashMap<>();
        try (KeyValueIterator<String, ConnectionEvent> own =
                     connections.prefixScan(Stores.prefix(owner), Serdes.String().serializer())) {
            own.forEachRemaining(kv -> {
                if (liveness(kv.value, now) != Liveness.DEAD) {
                    byGateway.computeIfAbsent(kv.value.getGateway(), g -> new ArrayList<>())
                            .add(kv.value.getConnection());
                }
            });
        }
        return byGateway;
    }

    private void deliver(String owner, String gateway, List<String> connectionIds, String frame, Long seq,
                         boolean welcome) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(GATEWAY_HEADER, gateway.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        Delivery delivery = new Delivery(owner, List.copyOf(connectionIds), frame, seq, welcome);
        context.forward(new Record<String, SpecificRecord>(owner, delivery, context.currentSystemTimeMs(), headers),
                PresenceTopology.GATEWAY_SINK);
    }
}
