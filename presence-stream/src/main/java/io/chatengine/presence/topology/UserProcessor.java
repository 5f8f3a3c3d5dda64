package io.chatengine.presence.topology;

import io.chatengine.common.ErrorCode;
import io.chatengine.common.RoomIds;
import io.chatengine.common.protocol.Frames;
import io.chatengine.presence.config.PresenceConfig;
import io.chatengine.schemas.avro.ConnectionEvent;
import io.chatengine.schemas.avro.ConnectionKind;
import io.chatengine.schemas.avro.Delivery;
import io.chatengine.schemas.avro.InboxEntry;
import io.chatengine.schemas.avro.MessageCopy;
import io.chatengine.schemas.avro.MessageSent;
import io.chatengine.schemas.avro.RoomMembership;
import io.chatengine.schemas.avro.SequencedFrame;
import io.chatengine.schemas.avro.Signal;
import io.chatengine.schemas.avro.SignalKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Everything about one user, in the order of that user's partition: a message the user sent is decided on by
 * the user's inbox (new, a resend, or a ref conflict) and answered, and only then goes on to the recipient's
 * partition; a message copy is sequenced into the owner's inbox and goes to the owner's live connections; a new connection gets its welcome and what it missed,
 * in one delivery, before anything newer; a closed connection leaves. A change of the user's own membership of
 * a room is an inbox entry too, and moves the user's room list; typing and reads between two users pass through
 * without an inbox entry. Each decision has its collaborator:
 * {@link Inbox} sequences, {@link LiveConnections} keeps connections and presence, {@link InboxRetention}
 * expires, {@link UserRoomList} keeps the rooms, {@link ReadPositions} the read positions; this class routes the frames.
 */
final class UserProcessor implements Processor<String, SpecificRecord, String, SpecificRecord> {
    /** How many inboxes keep their latest seq in memory, per task. */
    static final int CACHED_INBOXES = 100_000;
    /** Frame text per delivery record (a page of a resume), well under Kafka's default 1 MB record limit. */
    static final int MAX_DELIVERY_CHARS = 256 * 1024;
    /** How many inbox entries a read looks back through for the newest message of its conversation. */
    static final int READ_SCAN_LIMIT = 10_000;

    private final PresenceConfig config;
    private ProcessorContext<String, SpecificRecord> context;
    private InboxIndex index;
    private Inbox inbox;
    private LiveConnections connections;
    private UserRoomList rooms;
    private ReadPositions reads;

    UserProcessor(PresenceConfig config) {
        this.config = config;
    }

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
        // built anew at every init: the stores may have been restored since this processor last ran
        index = new InboxIndex(context.getStateStore(StoreNames.INBOX), context.getStateStore(StoreNames.INBOX_IDS),
                CACHED_INBOXES);
        inbox = new Inbox(context.getStateStore(StoreNames.INBOX), index);
        connections = new LiveConnections(context.getStateStore(StoreNames.PRESENCE),
                context.getStateStore(StoreNames.GATEWAYS), new ConnectionLiveness(config.gatewayTimeoutMs()));
        rooms = new UserRoomList(context.getStateStore(StoreNames.USER_ROOMS));
        reads = new ReadPositions(context.getStateStore(StoreNames.READS));
        context.schedule(Duration.ofMillis(config.sweepIntervalMs()), PunctuationType.WALL_CLOCK_TIME,
                connections::dropDead);
        context.schedule(Duration.ofMillis(config.retentionCheckMs()), PunctuationType.WALL_CLOCK_TIME,
                new InboxRetention(context.getStateStore(StoreNames.INBOX), index, config.inboxRetentionMs()));
    }

    @Override
    public void process(Record<String, SpecificRecord> record) {
        long now = context.currentSystemTimeMs();
        if (record.value() instanceof MessageSent message) {
            if (isSendersCopy(record.key(), message)) {
                decide(message, now);
            } else {
                InboxEntry known = inbox.find(record.key(), message.getId());
                InboxEntry entry = known == null ? inbox.append(record.key(), message) : known;
                if (!Inbox.isMarker(entry)) { // a known one was processed again: for a gateway that missed it
                    route(entry, connections.byGateway(record.key(), now));
                }
            }
        } else if (record.value() instanceof ConnectionEvent event) {
            if (event.getKind() == ConnectionKind.OPENED) {
                connections.open(record.key(), event, now);
                welcome(record.key(), event);
            } else {
                connections.close(record.key(), event.getConnection(), now);
            }
        } else if (record.value() instanceof RoomMembership change) {
            InboxEntry known = inbox.find(change.getUser(), RoomIds.membershipId(change.getRoom(), change.getRoomSeq()));
            InboxEntry entry = known == null ? inbox.append(change) : known;
            rooms.apply(change);
            if (!Inbox.isMarker(entry)) {
                route(entry, connections.byGateway(change.getUser(), now));
            }
        } else if (record.value() instanceof Signal signal) {
            signal(record.key(), signal, now);
        }
    }

    /**
     * Whether this is the sender's copy, which the sender's inbox decides on: the copy says so; a row written
     * before copies said whose they are (MessageSent v1, development builds; the fallback goes after 0.1.0) is the
     * sender's when it is keyed by the sender.
     */
    static boolean isSendersCopy(String key, MessageSent message) {
        return message.getCopy() == null ? key.equals(message.getFrom()) : message.getCopy() == MessageCopy.SENDER;
    }

    /**
     * Typing to the recipient's sockets; a read moves the reader's position (never back; a seq past the latest is
     * the latest), goes to the reader's other sockets, and on to the peer's partition with the id of the newest
     * message of the conversation read; there the peer's sockets learn it under the peer's own seq of that message.
     */
    private void signal(String user, Signal signal, long now) {
        switch (signal.getKind()) {
            case TYPING -> toSockets(user, connections.byGateway(user, now), Frames.typing(null, signal.getFrom()));
            case READ -> {
                long seq = Math.min(signal.getSeq(), inbox.latest(user));
                if (seq < 1 || !reads.advance(user, signal.getTo(), seq)) {
                    return;
                }
                Map<String, List<String>> others = connections.byGateway(user, now);
                others.computeIfPresent(signal.getGateway(), (gateway, ids) -> {
                    List<String> rest = new ArrayList<>(ids);
                    rest.remove(signal.getConnection());
                    return rest.isEmpty() ? null : rest;
                });
                toSockets(user, others, Frames.directRead(signal.getTo(), user, seq));
                InboxEntry read = inbox.latestWith(user, signal.getTo(), seq, READ_SCAN_LIMIT);
                if (read != null) {
                    Signal byPeer = Signal.newBuilder(signal).setKind(SignalKind.READ_BY_PEER).setSeq(null)
                            .setId(read.getId()).build();
                    context.forward(new Record<>(signal.getTo(), byPeer, now), PresenceTopology.USER_SIGNALS_SINK);
                }
            }
            case READ_BY_PEER -> {
                InboxEntry entry = inbox.find(user, signal.getId());
                if (entry != null) {
                    toSockets(user, connections.byGateway(user, now), Frames.directRead(signal.getFrom(), signal.getFrom(),
                            entry.getSeq()));
                }
            }
        }
    }

    /** A frame outside the inbox (no seq) to the given sockets of the user, one delivery per gateway. */
    private void toSockets(String user, Map<String, List<String>> live, String frame) {
        live.forEach((gateway, ids) -> toGateway(user, gateway, GatewayRecords.delivery(user, ids, frame, null)));
    }

    /**
     * The sender's copy, which the sender's inbox decides on: a new id is stored and goes on to the recipient's
     * inbox; the id of a message it holds (a resend) gets the same answer again and goes on again, harmlessly;
     * a ref the sender used for another recipient or text is a conflict and goes nowhere. The connection that
     * sent it gets the answer. A resend of a ref past retention gets its old answer; its text is gone.
     */
    private void decide(MessageSent message, long now) {
        String sender = message.getFrom();
        InboxEntry known = inbox.find(sender, message.getId());
        if (known != null && !Inbox.isMarker(known)
                && (!known.getTo().equals(message.getTo()) || !known.getText().equals(message.getText()))) {
            toGateway(sender, message.getGateway(), answer(message, Frames.error(message.getRef(),
                    ErrorCode.REF_CONFLICT, "ref " + message.getRef()
                            + " was used for another message; a new message needs a new ref")));
            return;
        }
        InboxEntry entry = known == null ? inbox.append(sender, message) : known;
        if (!message.getTo().equals(sender)) {
            MessageSent copy = new MessageSent(message.getId(), sender, message.getTo(), message.getRef(),
                    message.getText(), message.getAt(), message.getGateway(), message.getConnection(),
                    MessageCopy.RECIPIENT);
            context.forward(new Record<>(message.getTo(), copy, now), PresenceTopology.RECIPIENT_COPY_SINK);
        }
        Delivery answer = answer(message, Frames.sent(message.getRef(), message.getId(),
                entry.getAt().toEpochMilli()));
        Map<String, List<String>> live = Inbox.isMarker(entry) ? Map.of() : connections.byGateway(sender, now);
        if (answer.getConnections().equals(live.get(message.getGateway()))) {
            // the sender's only connection there: one record, the answer then the message
            answer.setThen(List.of(new SequencedFrame(entry.getSeq(), Frames.message(entry))));
            live = new HashMap<>(live);
            live.remove(message.getGateway());
        }
        toGateway(sender, message.getGateway(), answer);
        route(entry, live);
    }

    /** The answer to a send, for the connection that sent it. */
    private static Delivery answer(MessageSent message, String frame) {
        Delivery answer = GatewayRecords.delivery(message.getFrom(), List.of(message.getConnection()), frame, null);
        answer.setAnswers(message.getId());
        return answer;
    }

    /** The entry to its owner's live connections, by gateway. */
    private void route(InboxEntry entry, Map<String, List<String>> live) {
        if (!live.isEmpty()) {
            String frame = Frames.message(entry); // rendered once for every gateway, and only when routed
            live.forEach((gateway, ids) -> toGateway(entry.getOwner(), gateway,
                    GatewayRecords.delivery(entry.getOwner(), ids, frame, entry.getSeq())));
        }
    }

    /**
     * The welcome, then the entries after the connection's {@code since}, as many as fit one delivery: a page.
     * If more remain, the delivery says so and the gateway announces the connection again, from the seq it then
     * holds, once the page is written to the socket. So a resume from far back holds one page in memory here
     * and at the gateway, and a client that reads slowly is sent no faster than it reads.
     */
    private void welcome(String owner, ConnectionEvent event) {
        long last = inbox.latest(owner);
        Delivery welcome = GatewayRecords.delivery(owner, List.of(event.getConnection()),
                Frames.welcome(owner, event.getConnection(), event.getGateway(), last, rooms.of(owner)), last);
        welcome.setWelcome(true);
        Page page = new Page(welcome);
        if (event.getSince() != null) {
            inbox.forEachBetween(owner, event.getSince(), last, page);
        }
        toGateway(owner, event.getGateway(), page.delivery);
    }

    /** A welcome delivery taking entries while they fit {@link #MAX_DELIVERY_CHARS}; past that, it has more. */
    private static final class Page implements Predicate<InboxEntry> {
        final Delivery delivery;
        private int chars;

        Page(Delivery welcome) {
            welcome.setThen(new ArrayList<>());
            this.delivery = welcome;
            this.chars = welcome.getFrame().length();
        }

        @Override
        public boolean test(InboxEntry entry) {
            String frame = Frames.message(entry);
            chars += frame.length();
            if (chars > MAX_DELIVERY_CHARS && !delivery.getThen().isEmpty()) {
                delivery.setMore(true);
                return false;
            }
            delivery.getThen().add(new SequencedFrame(entry.getSeq(), frame));
            return true;
        }
    }

    /** Forwards the delivery to the topic of the gateway that holds its connections. */
    private void toGateway(String owner, String gateway, Delivery delivery) {
        context.forward(GatewayRecords.toGateway(owner, gateway, delivery, context.currentSystemTimeMs()),
                PresenceTopology.GATEWAY_SINK);
    }
}
