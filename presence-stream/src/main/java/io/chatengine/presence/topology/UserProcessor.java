package io.chatengine.presence.topology;

import io.chatengine.common.protocol.Frames;
import io.chatengine.presence.config.PresenceConfig;
import io.chatengine.schemas.avro.ConnectionEvent;
import io.chatengine.schemas.avro.ConnectionKind;
import io.chatengine.schemas.avro.Delivery;
import io.chatengine.schemas.avro.InboxEntry;
import io.chatengine.schemas.avro.MessageSent;
import io.chatengine.schemas.avro.SequencedFrame;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Everything about one user, in the order of that user's partition: a message copy is sequenced into the
 * user's inbox and goes to the user's live connections; a new connection gets its welcome and what it missed,
 * in one delivery, before anything newer; a closed connection leaves. Each decision has its collaborator:
 * {@link Inbox} sequences, {@link LiveConnections} keeps connections and presence, {@link InboxRetention}
 * expires; this class routes the frames.
 */
final class UserProcessor implements Processor<String, SpecificRecord, String, Delivery> {
    /** Record header naming the gateway a Delivery goes to; the sink's topic name extractor reads it. */
    static final String GATEWAY_HEADER = "gateway";
    /** How many inboxes keep their latest seq in memory, per task. */
    static final int CACHED_INBOXES = 100_000;
    /** Frame text per delivery record, well under Kafka's default 1 MB record limit. */
    static final int MAX_DELIVERY_CHARS = 256 * 1024;

    private final PresenceConfig config;
    private ProcessorContext<String, Delivery> context;
    private InboxIndex index;
    private Inbox inbox;
    private LiveConnections connections;

    UserProcessor(PresenceConfig config) {
        this.config = config;
    }

    @Override
    public void init(ProcessorContext<String, Delivery> context) {
        this.context = context;
        // built anew at every init: the stores may have been restored since this processor last ran
        index = new InboxIndex(context.getStateStore(StoreNames.INBOX), context.getStateStore(StoreNames.INBOX_IDS),
                CACHED_INBOXES);
        inbox = new Inbox(context.getStateStore(StoreNames.INBOX), index);
        connections = new LiveConnections(context.getStateStore(StoreNames.PRESENCE),
                context.getStateStore(StoreNames.GATEWAYS), new ConnectionLiveness(config.gatewayTimeoutMs()));
        context.schedule(Duration.ofMillis(config.sweepIntervalMs()), PunctuationType.WALL_CLOCK_TIME,
                connections::dropDead);
        context.schedule(Duration.ofMillis(config.retentionCheckMs()), PunctuationType.WALL_CLOCK_TIME,
                new InboxRetention(context.getStateStore(StoreNames.INBOX), index, config.inboxRetentionMs()));
    }

    @Override
    public void process(Record<String, SpecificRecord> record) {
        long now = context.currentSystemTimeMs();
        if (record.value() instanceof MessageSent message) {
            InboxEntry entry = inbox.append(record.key(), message);
            Map<String, List<String>> live = entry == null ? Map.of() : connections.byGateway(record.key(), now);
            if (!live.isEmpty()) {
                String frame = Frames.message(entry); // rendered once for every gateway, and only when routed
                live.forEach((gateway, ids) -> deliver(record.key(), gateway,
                        new Delivery(record.key(), ids, frame, entry.getSeq(), false, List.of())));
            }
        } else if (record.value() instanceof ConnectionEvent event) {
            if (event.getKind() == ConnectionKind.OPENED) {
                connections.open(record.key(), event, now);
                welcome(record.key(), event);
            } else {
                connections.close(record.key(), event.getConnection(), now);
            }
        }
    }

    /** The welcome, then every entry after the connection's {@code since}, in as few deliveries as fit. */
    private void welcome(String owner, ConnectionEvent event) {
        long last = inbox.latest(owner);
        List<SequencedFrame> missed = new ArrayList<>();
        if (event.getSince() != null) {
            inbox.forEachBetween(owner, event.getSince(), last,
                    entry -> missed.add(new SequencedFrame(entry.getSeq(), Frames.message(entry))));
        }
        List<String> target = List.of(event.getConnection());
        Delivery delivery = new Delivery(owner, target,
                Frames.welcome(owner, event.getConnection(), event.getGateway(), last), null, true, new ArrayList<>());
        int chars = delivery.getFrame().length();
        for (SequencedFrame frame : missed) {
            chars += frame.getFrame().length();
            if (chars > MAX_DELIVERY_CHARS) {
                deliver(owner, event.getGateway(), delivery);
                delivery = new Delivery(owner, target, frame.getFrame(), frame.getSeq(), false, new ArrayList<>());
                chars = frame.getFrame().length();
            } else {
                delivery.getThen().add(frame);
            }
        }
        deliver(owner, event.getGateway(), delivery);
    }

    private void deliver(String owner, String gateway, Delivery delivery) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(GATEWAY_HEADER, gateway.getBytes(StandardCharsets.UTF_8));
        context.forward(new Record<>(owner, delivery, context.currentSystemTimeMs(), headers));
    }
}
