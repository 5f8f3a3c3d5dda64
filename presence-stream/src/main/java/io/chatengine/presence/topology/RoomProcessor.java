package io.chatengine.presence.topology;

import io.chatengine.common.ErrorCode;
import io.chatengine.common.protocol.Bodies;
import io.chatengine.common.protocol.Frames;
import io.chatengine.presence.config.PresenceConfig;
import io.chatengine.schemas.avro.Delivery;
import io.chatengine.schemas.avro.InterestKind;
import io.chatengine.schemas.avro.RoomEntry;
import io.chatengine.schemas.avro.RoomEntryKind;
import io.chatengine.schemas.avro.RoomEvent;
import io.chatengine.schemas.avro.RoomInterest;
import io.chatengine.schemas.avro.RoomMember;
import io.chatengine.schemas.avro.RoomMembership;
import io.chatengine.schemas.avro.RoomReply;
import io.chatengine.schemas.avro.RoomSend;
import io.chatengine.schemas.avro.RoomState;
import io.chatengine.schemas.avro.Signal;
import io.chatengine.schemas.avro.SignalKind;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Everything about one room, in the order of the room's partition of the co-partitioned rooms, room-sends,
 * room-interest and room-signals topics: a change decided by the room command topology takes the room's next
 * seq and is answered; a message is decided (member, open room, new id or resend or ref conflict) and
 * sequenced; a subscribing socket gets what it missed and its gateway's interest is kept; typing and reads go
 * to the subscribed sockets. A room's frames go once to each gateway holding a subscribed socket, whatever the
 * room's member count; the gateway writes them to its sockets. Each decision has its collaborator:
 * {@link RoomChanges} applies events, {@link RoomLog} sequences, {@link RoomInterests} keeps the gateways,
 * {@link ReadPositions} the reads; this class routes the frames.
 */
final class RoomProcessor implements Processor<String, SpecificRecord, String, SpecificRecord> {
    private final PresenceConfig config;
    private ProcessorContext<String, SpecificRecord> context;
    private RoomStates states;
    private RoomLog log;
    private RoomChanges changes;
    private RoomInterests interests;
    private ReadPositions reads;

    RoomProcessor(PresenceConfig config) {
        this.config = config;
    }

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
        // built anew at every init: the stores may have been restored since this processor last ran
        states = new RoomStates(context.getStateStore(StoreNames.ROOM_STATE));
        log = new RoomLog(context.getStateStore(StoreNames.ROOM_LOG), context.getStateStore(StoreNames.ROOM_IDS));
        changes = new RoomChanges(states, log);
        interests = new RoomInterests(context.getStateStore(StoreNames.ROOM_GATEWAYS),
                context.getStateStore(StoreNames.GATEWAYS), new ConnectionLiveness(config.gatewayTimeoutMs()));
        reads = new ReadPositions(context.getStateStore(StoreNames.ROOM_READS));
    }

    @Override
    public void process(Record<String, SpecificRecord> record) {
        long now = context.currentSystemTimeMs();
        String room = record.key();
        if (record.value() instanceof RoomEvent event) {
            long offset = context.recordMetadata().map(RecordMetadata::offset).orElseThrow();
            change(room, event, offset, now);
        } else if (record.value() instanceof RoomSend send) {
            send(room, send, now);
        } else if (record.value() instanceof RoomInterest interest) {
            if (interest.getKind() == InterestKind.SUBSCRIBE) {
                subscribe(room, interest, now);
            } else {
                interests.withdraw(room, interest.getGateway(), interest.getEpoch());
            }
        } else if (record.value() instanceof Signal signal) {
            signal(room, signal, now);
        }
    }

    /**
     * A change of the room: its frames to the subscribed sockets, each member concerned told (through its own
     * inbox), and the request answered with the room as it now is. An event applied already (processed again
     * after a crash) is only answered again.
     */
    private void change(String room, RoomEvent event, long offset, long now) {
        RoomState state = states.get(room);
        RoomChanges.Applied applied = RoomChanges.applied(state, offset)
                ? new RoomChanges.Applied(state, List.of(), List.of())
                : changes.apply(room, event, offset);
        if (!applied.frames().isEmpty()) {
            List<String> gateways = interests.live(room, now);
            for (RoomChanges.Broadcast frame : applied.frames()) {
                RoomEntry entry = frame.entry();
                String about = entry.getKind() == RoomEntryKind.MEMBER ? entry.getUser() : entry.getBy();
                String rendered = Frames.room(entry, false);
                for (String gateway : gateways) {
                    Delivery delivery = RoomDeliveries.broadcast(room, about, rendered, entry.getSeq());
                    delivery.setRemoves(frame.removes());
                    toGateway(room, gateway, delivery, now);
                }
            }
        }
        for (RoomMembership membership : applied.memberships()) {
            context.forward(new Record<>(membership.getUser(), membership, now), PresenceTopology.ROOM_MEMBERS_SINK);
        }
        answer(room, event, applied.state(), now);
    }

    private void answer(String room, RoomEvent event, RoomState state, long now) {
        if (event.getReplyTo() == null || event.getRequestId() == null) {
            return;
        }
        String body = event.getStatus() == 204 || state == null ? null : Bodies.room(state, log.latest(room), null, null);
        RoomReply reply = new RoomReply(event.getRequestId(), event.getStatus(), null, null, body, event.getReplyTo());
        context.forward(new Record<>(event.getRequestId(), reply, now), PresenceTopology.ROOM_REPLIES_SINK);
    }

    /**
     * A message: refused to a non-member (not revealing whether the room exists) and in a closed room; its id
     * known with another text is a ref conflict; known with the same text, a resend, answered and routed again
     * under the seq it has; else the room's next frame.
     */
    private void send(String room, RoomSend send, long now) {
        RoomState state = states.get(room);
        if (RoomStates.member(state, send.getFrom()) == null) {
            refuseSend(room, send, ErrorCode.NOT_FOUND, "no room " + room + " with you as a member", now);
            return;
        }
        RoomEntry known = log.find(room, send.getId());
        if (known != null && !known.getText().equals(send.getText())) {
            refuseSend(room, send, ErrorCode.REF_CONFLICT, "ref " + send.getRef()
                    + " was used for another message; a new message needs a new ref", now);
            return;
        }
        if (known == null && state.getClosed()) {
            refuseSend(room, send, ErrorCode.FORBIDDEN, "room " + room + " is closed", now);
            return;
        }
        RoomEntry entry = known != null ? known : log.append(RoomLog.message(send));
        routeMessage(room, entry, send, now);
    }

    /**
     * One delivery per gateway with a subscribed socket, the author's sockets getting the frame with its ref;
     * the sending socket's answer rides in its gateway's delivery, or goes alone if that gateway has none.
     */
    private void routeMessage(String room, RoomEntry entry, RoomSend send, long now) {
        String frame = Frames.room(entry, false);
        String authorFrame = Frames.room(entry, true);
        String sent = Frames.sentInRoom(entry.getRef(), entry.getId(), entry.getAt().toEpochMilli(), room,
                entry.getSeq());
        boolean answered = false;
        for (String gateway : interests.live(room, now)) {
            Delivery delivery = RoomDeliveries.broadcast(room, entry.getFrom(), frame, entry.getSeq());
            delivery.setAuthor(entry.getFrom());
            delivery.setAuthorFrame(authorFrame);
            if (gateway.equals(send.getGateway())) {
                delivery.setAnswerFrame(sent);
                delivery.setConnections(List.of(send.getConnection()));
                delivery.setAnswers(entry.getId());
                answered = true;
            }
            toGateway(room, gateway, delivery, now);
        }
        if (!answered) {
            toGateway(room, send.getGateway(), RoomDeliveries.direct(room, send.getFrom(), send.getConnection(), sent,
                    entry.getId()), now);
        }
    }

    private void refuseSend(String room, RoomSend send, ErrorCode code, String message, long now) {
        toGateway(room, send.getGateway(), RoomDeliveries.direct(room, send.getFrom(), send.getConnection(),
                Frames.error(send.getRef(), room, code, message), send.getId()), now);
    }

    /**
     * A socket subscribes, or asks for the next page of its catch-up: a member's gateway keeps the room's frames
     * from now on, and the socket gets the frames after its {@code since} (in a room of {@code joined} history,
     * none before the member's own added frame) as far as one page holds.
     */
    private void subscribe(String room, RoomInterest interest, long now) {
        RoomState state = states.get(room);
        RoomMember member = RoomStates.member(state, interest.getUser());
        if (member == null) {
            toGateway(room, interest.getGateway(), RoomDeliveries.refused(room, interest.getUser(),
                    interest.getConnection(), Frames.error(null, room, ErrorCode.NOT_FOUND,
                            "no room " + room + " with you as a member")), now);
            return;
        }
        interests.keep(room, interest.getGateway(), interest.getEpoch(), now);
        long latest = log.latest(room);
        RoomPage page = new RoomPage(RoomDeliveries.page(room, interest.getUser(), interest.getConnection(),
                Frames.subscribed(room, latest), latest), interest.getUser());
        if (interest.getSince() != null) {
            long after = interest.getSince();
            if ("joined".equals(state.getHistory())) {
                after = Math.max(after, member.getSince() - 1);
            }
            log.forEachBetween(room, after, latest, page);
        }
        toGateway(room, interest.getGateway(), page.delivery, now);
    }

    /**
     * Typing from a member of an open room goes to the other members' subscribed sockets, stored nowhere; a read
     * from a member (capped at the room's latest seq) is kept if it is higher and goes to every subscribed
     * socket. Anything else is dropped without an answer.
     */
    private void signal(String room, Signal signal, long now) {
        RoomState state = states.get(room);
        if (RoomStates.member(state, signal.getFrom()) == null) {
            return;
        }
        if (signal.getKind() == SignalKind.TYPING && !state.getClosed()) {
            broadcastSignal(room, signal.getFrom(), Frames.typing(room, signal.getFrom()), signal.getFrom(), now);
        } else if (signal.getKind() == SignalKind.READ && signal.getSeq() != null) {
            long seq = Math.min(signal.getSeq(), log.latest(room));
            if (reads.advance(room, signal.getFrom(), seq)) {
                broadcastSignal(room, signal.getFrom(), Frames.roomRead(room, signal.getFrom(), seq), null, now);
            }
        }
    }

    private void broadcastSignal(String room, String user, String frame, String except, long now) {
        for (String gateway : interests.live(room, now)) {
            Delivery delivery = RoomDeliveries.broadcast(room, user, frame, null);
            delivery.setExcept(except);
            toGateway(room, gateway, delivery, now);
        }
    }

    /** Keyed by room, so a room's frames stay in order on the gateway's partition. */
    private void toGateway(String room, String gateway, Delivery delivery, long now) {
        context.forward(GatewayRecords.toGateway(room, gateway, delivery, now), PresenceTopology.ROOM_GATEWAY_SINK);
    }
}
